using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using IdpTracker.Contracts.Reporting;
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

/// <param name="HtmlBody">Empty for a text-only e-mail.</param>
public sealed record ReportEmail(Guid ReportId, string Recipient, string Subject, string HtmlBody, string TextBody, IReadOnlyList<ReportAttachment> Attachments);

/// <summary>Sends report e-mails over SMTP.</summary>
public sealed partial class ReportMailer(IOptions<SmtpOptions> options)
{
    private readonly SmtpOptions _options = options.Value;

    public static string MessageIdFor(Guid reportId, string recipient)
    {
        var recipientHash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipient.ToLowerInvariant())))[..16];
        return $"report-{reportId:N}.{recipientHash}@idptracker";
    }

    /// <summary>
    /// The text and HTML alternatives and the attachments. The report's charts are data: images, which many mail
    /// clients block; here they become inline parts the HTML refers to by Content-ID, named from the report so every
    /// send of it is the same message.
    /// </summary>
    public static BodyBuilder Body(ReportEmail email)
    {
        var body = new BodyBuilder { TextBody = email.TextBody };
        if (!string.IsNullOrEmpty(email.HtmlBody))
        {
            var index = 0;
            body.HtmlBody = DataImage().Replace(email.HtmlBody, match =>
            {
                var contentId = $"chart{++index}.{email.ReportId:N}@idptracker";
                var image = body.LinkedResources.Add($"chart{index}.png", Convert.FromBase64String(match.Groups["data"].Value),
                    ContentType.Parse(match.Groups["type"].Value));
                image.ContentId = contentId;
                return $"src=\"cid:{contentId}\"";
            });
        }
        foreach (var attachment in email.Attachments)
        {
            body.Attachments.Add(attachment.FileName, attachment.Content, ContentType.Parse(attachment.ContentType));
        }
        return body;
    }

    [GeneratedRegex("src=\"data:(?<type>image/(png|jpeg));base64,(?<data>[A-Za-z0-9+/=]+)\"")]
    private static partial Regex DataImage();

    public async Task SendAsync(ReportEmail email, CancellationToken cancellationToken)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_options.From));
        message.To.Add(MailboxAddress.Parse(email.Recipient));
        message.Subject = email.Subject;
        message.MessageId = MessageIdFor(email.ReportId, email.Recipient);
        message.Body = Body(email).ToMessageBody();

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
