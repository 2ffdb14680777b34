using IdpTracker.Registration.Model;

namespace IdpTracker.Registration.Tests;

/// <summary>Spelling variants from docs/domain.md "Places and scripts".</summary>
public class NameKeysTests
{
    [Theory]
    [InlineData("Mohammed", "Muhammad")]
    [InlineData("Mohammed", "Mohamad")]
    [InlineData("Hussein", "Husain")]
    [InlineData("Khaled", "Khalid")]
    [InlineData("Al-Ahmad", "Ahmed")]
    [InlineData("Abdel", "Abdul")]
    [InlineData("Omar", "Umar")]
    [InlineData("Ibrahim", "Ebrahim")]
    [InlineData("أحمد", "احمد")]
    [InlineData("إبراهيم", "ابراهيم")]
    [InlineData("آمنة", "امنه")]
    [InlineData("مُحَمَّد", "محمد")]
    [InlineData("مـحـمـد", "محمد")]
    [InlineData("مصطفى", "مصطفي")]
    [InlineData("الحسن", "حسن")]
    public void Spelling_variants_share_a_key(string one, string other) =>
        Assert.Equal(NameKeys.For(one), NameKeys.For(other));

    [Theory]
    [InlineData("Mohammed", "Ahmad")]
    [InlineData("Khalid", "Walid")]
    [InlineData("محمد", "أحمد")]
    [InlineData("Fatima", "Amina")]
    public void Different_names_have_different_keys(string one, string other) =>
        Assert.NotEqual(NameKeys.For(one), NameKeys.For(other));

    [Theory]
    [InlineData("Ali")]
    [InlineData("علي")]
    [InlineData("Bo")]
    public void Short_names_still_have_their_keys(string name) =>
        Assert.Equal(2, NameKeys.For(name).Count); // one in the name's script, one phonetic

    [Fact]
    public void A_full_name_gives_a_key_in_its_script_and_a_phonetic_key_per_part()
    {
        var keys = NameKeys.For("Fatima Al-Hassan Mohammed");

        Assert.Equal(["lt:ftm", "ph:ftm", "lt:hsn", "ph:hsn", "lt:mhmd", "ph:mhmd"], keys);
    }

    [Theory]
    // docs/domain.md "Names: matching keys": the same name written in Arabic at one centre and in Latin script at another.
    [InlineData("محمد", "Mohammed")]
    [InlineData("محمد", "Muhammad")]
    [InlineData("محمد", "Mohamad")]
    [InlineData("أحمد", "Ahmed")]
    [InlineData("الأحمد", "Al-Ahmad")]
    [InlineData("فاطمة", "Fatima")]
    [InlineData("فاطمة", "Fatimah")]
    [InlineData("خالد", "Khaled")]
    [InlineData("خالد", "Xalid")]
    [InlineData("عمر", "Omar")]
    [InlineData("علي", "Ali")]
    [InlineData("إبراهيم", "Ibrahim")]
    [InlineData("يوسف", "Yousef")]
    [InlineData("حسين", "Hussein")]
    [InlineData("عثمان", "Othman")]
    [InlineData("عائشة", "Aisha")]
    [InlineData("شيخموس", "Sheikhmous")]
    [InlineData("قاسم", "Kassem")]
    [InlineData("فتحي", "Fathi")]
    [InlineData("إسحاق", "Ishaq")]
    [InlineData("عبد الرحمن", "Abdulrahman")]
    [InlineData("عبدالرحمن", "Abd al-Rahman")]
    [InlineData("عبدالله", "Abdullah")]
    [InlineData("عبد الله", "Abdallah")]
    [InlineData("عبدالقادر", "Abdelkader")]
    [InlineData("جيهان", "Cîhan")]
    [InlineData("مروان", "Marwan")]
    [InlineData("سعد", "Sa'ad")]
    [InlineData("الكعبي", "Al-Ka'abi")]
    [InlineData("الخلف", "Alkhalaf")]
    public void Arabic_and_Latin_spellings_of_a_name_share_a_phonetic_key(string arabic, string latin) =>
        Assert.Equal(NameKeys.PhoneticFor(arabic), NameKeys.PhoneticFor(latin));

    [Theory]
    [InlineData("Abdul Rahman", "Abdulrahman")]
    [InlineData("Abd al-Rahman", "Abdurrahman")]
    [InlineData("Abdel Rahman", "Abdelrahman")]
    [InlineData("عبد الرحمن", "عبدالرحمن")]
    [InlineData("Mohammed bin Ahmad", "Mohammed Ahmad")]
    [InlineData("Rashid Ar-Rashid", "Rashid Rashid")]
    public void Servant_names_and_connectives_are_read_the_same_however_they_are_spaced(string one, string other) =>
        Assert.Equal(NameKeys.For(one), NameKeys.For(other));

    [Theory]
    [InlineData("محمد", "Ahmad")]
    [InlineData("خالد", "Walid")]
    [InlineData("فاطمة", "Amina")]
    [InlineData("عبد الرحمن", "Abdullah")]
    public void Different_names_in_the_two_scripts_have_different_phonetic_keys(string arabic, string latin) =>
        Assert.NotEqual(NameKeys.PhoneticFor(arabic), NameKeys.PhoneticFor(latin));
}
