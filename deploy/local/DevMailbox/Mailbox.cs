using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using MimeKit;
using SmtpServer;
using SmtpServer.Protocol;
using SmtpServer.Storage;

namespace IdpTracker.DevMailbox;

public sealed record ReceivedMail(int Number, DateTimeOffset ReceivedAt, string MessageId, string From, IReadOnlyList<string> To, string Subject, string Html, string Text)
{
    public IReadOnlyList<ReceivedAttachment> Attachments { get; init; } = [];
    /// <summary>Parts the HTML shows inline (by Content-ID), such as charts.</summary>
    public IReadOnlyList<ReceivedAttachment> InlineParts { get; init; } = [];
}

public sealed record ReceivedAttachment(string FileName, string ContentType, string? ContentId, byte[] Content);

/// <summary>An SMTP server on loopback that keeps every message it receives in memory.</summary>
public sealed class Mailbox : MessageStore, IAsyncDisposable
{
    private readonly ConcurrentQueue<ReceivedMail> _messages = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _running;
    private int _count;

    public int Port { get; }

    public Mailbox(int port) => Port = port;

    public IReadOnlyList<ReceivedMail> Messages => _messages.ToArray();

    /// <summary>Raised after a message is stored; tests await it instead of polling.</summary>
    public event Action<ReceivedMail>? Received;

    /// <summary>Refuses, for now, messages to the addresses it matches, as a full or broken mailbox would; the sender must retry.</summary>
    public Func<string, bool>? Refuse { get; set; }

    public Mailbox Start()
    {
        var options = new SmtpServerOptionsBuilder()
            .ServerName("idp-dev-mailbox")
            .Endpoint(endpoint => endpoint.Endpoint(new IPEndPoint(IPAddress.Loopback, Port)))
            .Build();
        var services = new SmtpServer.ComponentModel.ServiceProvider();
        services.Add(this);
        _running = new SmtpServer.SmtpServer(options, services).StartAsync(_stop.Token);
        return this;
    }

    public override async Task<SmtpResponse> SaveAsync(ISessionContext context, IMessageTransaction transaction, ReadOnlySequence<byte> buffer, CancellationToken cancellationToken)
    {
        await using var stream = new MemoryStream(buffer.ToArray());
        var message = await MimeMessage.LoadAsync(stream, cancellationToken);
        if (Refuse is { } refuse && message.To.Mailboxes.Any(m => refuse(m.Address)))
        {
            return new SmtpResponse(SmtpReplyCode.MailboxUnavailable, "Mailbox unavailable, try again later");
        }
        var mail = new ReceivedMail(
            Interlocked.Increment(ref _count), DateTimeOffset.UtcNow, message.MessageId ?? "", message.From.ToString(),
            message.To.Mailboxes.Select(m => m.Address).ToList(), message.Subject ?? "", message.HtmlBody ?? "", message.TextBody ?? "")
        {
            Attachments = message.Attachments.OfType<MimePart>().Select(Read).ToList(),
            InlineParts = message.BodyParts.OfType<MimePart>().Where(p => p.ContentId is not null && !p.IsAttachment).Select(Read).ToList(),
        };
        _messages.Enqueue(mail);
        Received?.Invoke(mail);
        return SmtpResponse.Ok;
    }

    private static ReceivedAttachment Read(MimePart part)
    {
        using var content = new MemoryStream();
        part.Content?.DecodeTo(content);
        return new ReceivedAttachment(part.FileName ?? "", part.ContentType.MimeType, part.ContentId, content.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_running is not null)
        {
            try { await _running; } catch (OperationCanceledException) { /* stopping */ }
        }
        _stop.Dispose();
    }
}
