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
    public void Short_names_still_have_a_key(string name) => Assert.Single(NameKeys.For(name));

    [Fact]
    public void A_full_name_gives_one_key_per_part()
    {
        var keys = NameKeys.For("Fatima Al-Hassan Mohammed");

        Assert.Equal(["lt:ftm", "lt:hsn", "lt:mhmd"], keys);
    }
}
