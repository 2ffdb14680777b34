using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace IdpTracker.ServiceDefaults.Security;

/// <summary>
/// Reads Identity's discovery document and signing keys from Identity itself. The document names its
/// endpoints under the public issuer (the gateway's address), which a service inside the deployment may
/// not be able to reach, so the keys are fetched at Identity's own address instead.
/// </summary>
public sealed class IdentityKeysRetriever(string authority) : IConfigurationRetriever<OpenIdConnectConfiguration>
{
    public async Task<OpenIdConnectConfiguration> GetConfigurationAsync(string address, IDocumentRetriever retriever, CancellationToken cancel)
    {
        var configuration = OpenIdConnectConfiguration.Create(await retriever.GetDocumentAsync(address, cancel));
        var keys = new JsonWebKeySet(await retriever.GetDocumentAsync(authority.TrimEnd('/') + "/.well-known/jwks", cancel));
        configuration.JsonWebKeySet = keys;
        foreach (var key in keys.GetSigningKeys()) configuration.SigningKeys.Add(key);
        return configuration;
    }
}
