using System.Net;
using IdpTracker.DevMailbox;

var builder = WebApplication.CreateBuilder(args);
var smtpPort = builder.Configuration.GetValue("SmtpPort", 2525);
var mailbox = new Mailbox(smtpPort).Start();
builder.Services.AddSingleton(mailbox);
builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.WriteIndented = true);

var app = builder.Build();

app.MapGet("/", (Mailbox box) => Results.Content(
    "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Local mailbox</title></head><body>" +
    $"<h1>Local mailbox</h1><p>SMTP on 127.0.0.1:{box.Port}. Newest first. Nothing here leaves this machine.</p><ul>" +
    string.Concat(box.Messages.Reverse().Select(m =>
        $"<li><a href=\"/messages/{m.Number}\">{WebUtility.HtmlEncode(m.Subject)}</a> to {WebUtility.HtmlEncode(string.Join(", ", m.To))} at {m.ReceivedAt:u}</li>")) +
    "</ul></body></html>", "text/html; charset=utf-8"));
app.MapGet("/messages", (Mailbox box) => box.Messages.Select(m => new { m.Number, m.ReceivedAt, m.MessageId, m.From, m.To, m.Subject }));
app.MapGet("/messages/{number:int}", (int number, Mailbox box) =>
    box.Messages.FirstOrDefault(m => m.Number == number) is { } mail
        ? Results.Content(mail.Html.Length > 0 ? mail.Html : WebUtility.HtmlEncode(mail.Text), "text/html; charset=utf-8")
        : Results.NotFound());

app.Run();
