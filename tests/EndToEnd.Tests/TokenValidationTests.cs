using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace IdpTracker.EndToEnd.Tests;

/// <summary>Tokens made by hand with the suite's own signing key, each wrong in one way only.</summary>
[Collection(nameof(SystemCollection))]
public class TokenValidationTests(SystemFixture system)
{
    private static RsaSecurityKey Key(string pem)
    {
        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return new RsaSecurityKey(rsa) { KeyId = Convert.ToHexString(SHA256.HashData(rsa.ExportSubjectPublicKeyInfo()))[..16] };
    }

    private string Token(string? issuer = null, string audience = "idp-api", DateTime? expires = null, string? signingKeyPem = null)
    {
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer ?? system.Issuer,
            Audience = audience,
            IssuedAt = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            NotBefore = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(5),
            Subject = new ClaimsIdentity([new Claim("sub", Guid.NewGuid().ToString()), new Claim("role", "admin")]),
            SigningCredentials = new SigningCredentials(Key(signingKeyPem ?? SystemFixture.SigningKey), SecurityAlgorithms.RsaSha256),
        });
    }

    private async Task<HttpStatusCode> CentresWith(string token)
    {
        using var client = system.Accounts.Client(token);
        using var response = await client.GetAsync("api/centers");
        return response.StatusCode;
    }

    [Fact]
    public async Task A_well_made_token_is_accepted_so_each_refusal_below_is_for_its_one_fault()
    {
        Assert.Equal(HttpStatusCode.OK, await CentresWith(Token()));
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await CentresWith(Token(expires: DateTime.UtcNow.AddMinutes(-2))));
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await CentresWith(Token(signingKeyPem: RSA.Create(2048).ExportRSAPrivateKeyPem())));
    }

    [Fact]
    public async Task A_token_from_another_issuer_or_for_another_audience_is_refused()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, await CentresWith(Token(issuer: "http://evil.example/")));
        Assert.Equal(HttpStatusCode.Unauthorized, await CentresWith(Token(audience: "another-api")));
    }
}
