namespace IdpTracker.Web.Sessions;

public sealed class WebOptions
{
    /// <summary>Identity's own address, for the server-to-server token, refresh and revocation calls.</summary>
    public string Authority { get; set; } = "";
    /// <summary>Where the APIs are reached from this service (the gateway's address inside the deployment).</summary>
    public string ApiAddress { get; set; } = "";
    /// <summary>
    /// The address people open the app at (https://idp.example.org). Empty: the address of the request, as the gateway
    /// forwards it; Identity accepts only the sign-in return addresses it was told (Identity__WebRedirectUris).
    /// </summary>
    public string? PublicAddress { get; set; }
    public string ClientId { get; set; } = "idp-web";
    /// <summary>The web app is a confidential client: this service, not the browser, proves who it is to Identity.</summary>
    public string ClientSecret { get; set; } = "";
    /// <summary>
    /// A session unused this long ends. A field worker can be offline for a week and still send their records when the
    /// connection returns; Identity's refresh tokens last as long (Identity__RefreshTokenLifetime).
    /// </summary>
    public TimeSpan SessionLifetime { get; set; } = TimeSpan.FromDays(14);
    public bool RequireHttps { get; set; } = true;
}
