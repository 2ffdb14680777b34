using System.Security.Cryptography;
using System.Text;
using IdpTracker.Registration.Model;
using IdpTracker.Registration.PersonalData;
using Microsoft.Extensions.Options;

namespace IdpTracker.Registration.Tests;

public class PersonalDataProtectorTests
{
    private static PersonalDataProtector Protector(byte[]? key = null) => new(Options.Create(new PersonalDataOptions
    {
        EncryptionKey = Convert.ToBase64String(key ?? RandomNumberGenerator.GetBytes(32)),
        BlindIndexKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
    }));

    [Fact]
    public void A_name_comes_back_from_its_ciphertext_and_is_not_in_it()
    {
        var protector = Protector();
        var row = Guid.NewGuid();

        var cipher = protector.Protect(new MemberPersonalData("فاطمة الحسن", "Fatima Al-Hassan"), "members", "personal", row);

        Assert.DoesNotContain("Fatima", cipher);
        Assert.DoesNotContain("فاطمة", cipher);
        Assert.DoesNotContain("Fatima", Encoding.UTF8.GetString(Convert.FromBase64String(cipher.Split(':')[2])));
        Assert.Equal(new MemberPersonalData("فاطمة الحسن", "Fatima Al-Hassan"), protector.Unprotect<MemberPersonalData>(cipher, "members", "personal", row));
    }

    [Fact]
    public void A_ciphertext_copied_to_another_row_does_not_decrypt()
    {
        var protector = Protector();
        var cipher = protector.Protect(new MemberPersonalData(null, "Fatima"), "members", "personal", Guid.NewGuid());

        Assert.ThrowsAny<CryptographicException>(() => protector.Unprotect<MemberPersonalData>(cipher, "members", "personal", Guid.NewGuid()));
    }

    [Fact]
    public void Another_key_cannot_read_it()
    {
        var row = Guid.NewGuid();
        var cipher = Protector().Protect(new HouseholdContact("+963 944 123 456"), "households", "contact", row);

        Assert.ThrowsAny<CryptographicException>(() => Protector().Unprotect<HouseholdContact>(cipher, "households", "contact", row));
    }

    [Fact]
    public void Equal_keys_give_equal_blind_indexes_and_the_same_plaintext_encrypts_differently()
    {
        var protector = Protector();
        var row = Guid.NewGuid();

        Assert.Equal(protector.BlindIndex("lt:mhmd"), protector.BlindIndex("lt:mhmd"));
        Assert.NotEqual(protector.BlindIndex("lt:mhmd"), protector.BlindIndex("lt:hmd"));
        Assert.NotEqual(protector.Protect(new HouseholdContact("1"), "t", "c", row), protector.Protect(new HouseholdContact("1"), "t", "c", row));
    }

    [Fact]
    public void A_missing_or_short_key_stops_the_service_with_a_clear_message()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Protector(new byte[16]));

        Assert.Contains("PersonalData:EncryptionKey", error.Message);
    }
}
