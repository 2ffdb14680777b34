using System.Security.Cryptography;
using System.Text;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace IdpTracker.Notifications.Model;

public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 25;
    public string From { get; set; } = "IdpTracker reports <reports@idptracker.local>";
    /// <summary>StartTls in production; None only for a local receiver.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.StartTlsWhenAvailable;
    public string? Username { get; set; }
    public string? Password { get; set; }
}

public sealed record ReportEmail(Guid ReportId, string Recipient, string Subject, string HtmlBody, string TextBody);

/// <summary>Sends report e-mails over SMTP.</summary>
public sealed class ReportMailer(IOptions<SmtpOptions> options)
{
    private readonly SmtpOptions _options = options.Value;

    public static string MessageIdFor(Guid reportId, string recipient)
    {
        var recipientHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipient.ToLowerInvariant())))[..16];
        return $"report-{reportId:N}.{recipientHash}@idptracker";
    }

    public async Task SendAsync(ReportEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        message.Subject = email.Subject;
        message.MessageId = MessageIdFor(email.ReportId, email.Recipient);
        message.Body = new BodyBuilder { HtmlBody = email.HtmlBody, TextBody = email.TextBody }.ToMessageBody();

        using var client = new SmtpClient { Timeout = 30_000 };
        await client.ConnectAsync(_options.Host, _options.Port, _options.Security, cancellationToken);
        if (!string.IsNullOrEmpty(_options.Username))
        {
            await client.AuthenticateAsync(_options.Username, _options.Password ?? "", cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
    }
}
