using System.Text;
using MimeKit;

namespace Majster.Tests.Support;

/// <summary>
/// What real mail systems send back, in their own layouts, for a send whose Message-ID is
/// <c>offer-send.{id}@majster.test</c> and whose envelope sender is <c>bounces+{token}@majster.test</c>.
/// </summary>
public static class BounceFixtures
{
    public const string Domain = "majster.test";
    public const string Client = "nobody@client.example";

    private static string MessageId(Guid id) => $"offer-send.{id:D}@{Domain}";

    private static string Verp(Guid id) => $"bounces+{id:N}@{Domain}";

    public static MimeMessage Parse(string text) => MimeMessage.Load(new MemoryStream(Encoding.UTF8.GetBytes(text.ReplaceLineEndings("\r\n"))));

    /// <summary>Postfix 3's bounce: to the VERP address, notification, delivery-status, returned headers.</summary>
    public static string Postfix(Guid id, string action = "failed", string status = "5.1.1") => $"""
        Return-Path: <>
        X-Original-To: {Verp(id)}
        Delivered-To: {Verp(id)}
        Received: by mail.majster.test (Postfix) id 4F2C81A0B3; Mon,  7 Dec 2026 04:00:01 +0000 (UTC)
        Date: Mon,  7 Dec 2026 04:00:01 +0000 (UTC)
        From: MAILER-DAEMON@mail.majster.test (Mail Delivery System)
        Subject: {(action == "failed" ? "Undelivered Mail Returned to Sender" : "Delayed Mail (still being retried)")}
        To: {Verp(id)}
        Auto-Submitted: auto-replied
        MIME-Version: 1.0
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="4F2C81A0B3.1796616001/mail.majster.test"
        Content-Transfer-Encoding: 8bit
        Message-Id: <20261207040001.4F2C81A0B3@mail.majster.test>

        This is a MIME-encapsulated message.

        --4F2C81A0B3.1796616001/mail.majster.test
        Content-Description: Notification
        Content-Type: text/plain; charset=utf-8
        Content-Transfer-Encoding: 8bit

        This is the mail system at host mail.majster.test.

        I'm sorry to have to inform you that your message could not
        be delivered to one or more recipients. It's attached below.

                           The mail system

        <{Client}>: host mx.client.example[192.0.2.10] said: 550 5.1.1
            <{Client}>: Recipient address rejected: User unknown in virtual
            mailbox table (in reply to RCPT TO command)

        --4F2C81A0B3.1796616001/mail.majster.test
        Content-Description: Delivery report
        Content-Type: message/delivery-status

        Reporting-MTA: dns; mail.majster.test
        X-Postfix-Queue-ID: 4F2C81A0B3
        X-Postfix-Sender: rfc822; {Verp(id)}
        Arrival-Date: Mon,  7 Dec 2026 04:00:00 +0000 (UTC)

        Final-Recipient: rfc822; {Client}
        Original-Recipient: rfc822;{Client}
        Action: {action}
        Status: {status}
        Remote-MTA: dns; mx.client.example
        Diagnostic-Code: smtp; 550 {status} <{Client}>: Recipient address rejected:
            User unknown in virtual mailbox table

        --4F2C81A0B3.1796616001/mail.majster.test
        Content-Description: Undelivered Message Headers
        Content-Type: text/rfc822-headers
        Content-Transfer-Encoding: 8bit

        Return-Path: <{Verp(id)}>
        From: Majster <offers@{Domain}>
        To: {Client}
        Subject: Offer: Kitchen
        Message-ID: <{MessageId(id)}>
        X-Majster-Offer-Send-Id: {id:D}

        --4F2C81A0B3.1796616001/mail.majster.test--
        """;

    /// <summary>Exchange Online's NDR: 5.1.10 RecipientNotFound, sent to the plain bounce address, the original attached.</summary>
    public static string ExchangeOnline(Guid id) => $"""
        From: postmaster@outlook.com
        To: bounces@{Domain}
        Date: Mon, 7 Dec 2026 04:02:00 +0000
        Content-Type: multipart/report; report-type=delivery-status;
        	boundary="8a3f1c2e-5b0d-4e8e-9f0a-aa11bb22cc33"
        MIME-Version: 1.0
        Message-ID: <3d1b2c3a-aaaa-bbbb-cccc-123456789abc@AM0PR01MB1234.eurprd01.prod.exchangelabs.com>
        Subject: Undeliverable: Offer: Kitchen
        Auto-Submitted: auto-replied
        X-MS-Exchange-Message-Is-Ndr:

        --8a3f1c2e-5b0d-4e8e-9f0a-aa11bb22cc33
        Content-Type: multipart/alternative; differences=Content-Type;
        	boundary="b3c1e2d0-1111-2222-3333-444455556666"

        --b3c1e2d0-1111-2222-3333-444455556666
        Content-Type: text/plain; charset="us-ascii"
        Content-Transfer-Encoding: quoted-printable

        Your message to {Client} couldn't be delivered.
        {Client} wasn't found at client.example.
        Remote server returned '550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient n=
        ot found by SMTP address lookup'

        --b3c1e2d0-1111-2222-3333-444455556666
        Content-Type: text/html; charset="us-ascii"

        <html><body><p>Your message to <b>{Client}</b> couldn't be delivered.</p><script>alert(1)</script></body></html>
        --b3c1e2d0-1111-2222-3333-444455556666--

        --8a3f1c2e-5b0d-4e8e-9f0a-aa11bb22cc33
        Content-Type: message/delivery-status

        Reporting-MTA: dns;AM0PR01MB1234.eurprd01.prod.exchangelabs.com
        Received-From-MTA: dns;mail.majster.test
        Arrival-Date: Mon, 7 Dec 2026 04:01:58 +0000

        Final-Recipient: rfc822;{Client}
        Action: failed
        Status: 5.1.10
        Diagnostic-Code: smtp;550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient not
         found by SMTP address lookup
        X-Display-Name: {Client}

        --8a3f1c2e-5b0d-4e8e-9f0a-aa11bb22cc33
        Content-Type: message/rfc822

        From: Majster <offers@{Domain}>
        To: {Client}
        Subject: Offer: Kitchen
        Date: Mon, 7 Dec 2026 04:01:57 +0000
        Message-ID: <{MessageId(id)}>
        X-Majster-Offer-Send-Id: {id:D}
        MIME-Version: 1.0
        Content-Type: text/plain; charset=utf-8

        Dear client, here is the offer.

        --8a3f1c2e-5b0d-4e8e-9f0a-aa11bb22cc33--
        """;

    /// <summary>Gmail's bounce (550-5.1.1), to the plain bounce address, with the original's headers returned.</summary>
    public static string Gmail(Guid id) => $"""
        Delivered-To: bounces@{Domain}
        Return-Path: <>
        From: Mail Delivery Subsystem <mailer-daemon@googlemail.com>
        To: bounces@{Domain}
        Auto-Submitted: auto-replied
        Subject: Delivery Status Notification (Failure)
        Date: Mon, 07 Dec 2026 04:03:00 -0800
        Message-ID: <6571b0a2.050a0220.1.abcd@mx.google.com>
        MIME-Version: 1.0
        Content-Type: multipart/report; boundary="000000000000f0a1b2c3d4e5f6"; report-type=delivery-status

        --000000000000f0a1b2c3d4e5f6
        Content-Type: multipart/related; boundary="000000000000f0a1b2c3d4e5f7"

        --000000000000f0a1b2c3d4e5f7
        Content-Type: multipart/alternative; boundary="000000000000f0a1b2c3d4e5f8"

        --000000000000f0a1b2c3d4e5f8
        Content-Type: text/plain; charset="UTF-8"

        ** Address not found **

        Your message wasn't delivered to {Client} because the address couldn't be found, or is unable to receive mail.

        The response from the remote server was:
        550 5.1.1 The email account that you tried to reach does not exist.

        --000000000000f0a1b2c3d4e5f8--
        --000000000000f0a1b2c3d4e5f7--

        --000000000000f0a1b2c3d4e5f6
        Content-Type: message/delivery-status

        Reporting-MTA: dns; googlemail.com
        Received-From-MTA: dns; offers@{Domain}
        Arrival-Date: Mon, 07 Dec 2026 04:02:59 -0800 (PST)
        X-Original-Message-ID: <{MessageId(id)}>

        Final-Recipient: rfc822; {Client}
        Action: failed
        Status: 5.1.1
        Diagnostic-Code: smtp; 550-5.1.1 The email account that you tried to reach does
         not exist. Please try double-checking the recipient's email address for typos
         or unnecessary spaces. https://support.google.com/mail/?p=NoSuchUser
        Last-Attempt-Date: Mon, 07 Dec 2026 04:03:00 -0800 (PST)

        --000000000000f0a1b2c3d4e5f6
        Content-Type: text/rfc822-headers

        From: Majster <offers@{Domain}>
        To: {Client}
        Subject: Offer: Kitchen
        Message-ID: <{MessageId(id)}>

        --000000000000f0a1b2c3d4e5f6--
        """;

    /// <summary>qmail's plain-text failure notice: no delivery-status part, the original quoted below a line.</summary>
    public static string Qmail(Guid id) => $"""
        Return-Path: <>
        Date: 7 Dec 2026 04:04:00 -0000
        From: MAILER-DAEMON@mx.client.example
        To: bounces@{Domain}
        Subject: failure notice

        Hi. This is the qmail-send program at mx.client.example.
        I'm afraid I wasn't able to deliver your message to the following addresses.
        This is a permanent error; I've given up. Sorry it didn't work out.

        <{Client}>:
        Sorry, no mailbox here by that name. (#5.1.1)

        --- Below this line is a copy of the message.

        Return-Path: <bounces@{Domain}>
        From: Majster <offers@{Domain}>
        To: {Client}
        Subject: Offer: Kitchen
        Message-ID: <{MessageId(id)}>

        Dear client, here is the offer.
        """;

    /// <summary>An out-of-office answer in Polish, RFC 3834.</summary>
    public static string OutOfOffice(Guid id) => $"""
        From: Jan Kowalski <{Client}>
        To: Biuro <biuro@{Domain}>
        Date: Mon, 7 Dec 2026 04:05:00 +0100
        Subject: =?UTF-8?Q?Automatyczna_odpowied=C5=BA:_Offer:_Kitchen?=
        Message-ID: <ooo-1@client.example>
        In-Reply-To: <{MessageId(id)}>
        Auto-Submitted: auto-replied
        Content-Type: text/plain; charset=utf-8

        Jestem na urlopie do 14 grudnia.
        """;

    /// <summary>A person's answer to the offer.</summary>
    public static string Reply(Guid id) => $"""
        From: Jan Kowalski <{Client}>
        To: Biuro <biuro@{Domain}>
        Date: Mon, 7 Dec 2026 04:06:00 +0100
        Subject: Re: Offer: Kitchen
        Message-ID: <reply-1@client.example>
        In-Reply-To: <{MessageId(id)}>
        References: <{MessageId(id)}>
        Content-Type: text/plain; charset=utf-8

        Does the price include the tiles? <b>not bold</b>
        """;

    /// <summary>MIME cut off in the middle of a part: no closing boundary.</summary>
    public static byte[] Truncated() => Encoding.ASCII.GetBytes("""
        From: someone@example.org
        Subject: cut
        MIME-Version: 1.0
        Content-Type: multipart/mixed; boundary="cut"

        --cut
        Content-Type: text/plain

        Half a messa
        """.ReplaceLineEndings("\r\n"));

    /// <summary>A message nested <paramref name="levels"/> multiparts deep.</summary>
    public static byte[] Nested(int levels)
    {
        var text = new StringBuilder("From: someone@example.org\r\nSubject: deep\r\nMIME-Version: 1.0\r\n");
        for (var level = 0; level < levels; level++)
        {
            text.Append($"Content-Type: multipart/mixed; boundary=\"b{level}\"\r\n\r\n--b{level}\r\n");
        }

        text.Append("Content-Type: text/plain\r\n\r\nbottom\r\n");
        for (var level = levels - 1; level >= 0; level--)
        {
            text.Append($"--b{level}--\r\n");
        }

        return Encoding.ASCII.GetBytes(text.ToString());
    }

    /// <summary>Declared charsets that do not exist, and bytes that are not what they claim.</summary>
    public static byte[] InvalidCharsets() => [
        .. Encoding.ASCII.GetBytes("From: someone@example.org\r\nSubject: =?x-no-such-charset?B?//79/A==?=\r\nMIME-Version: 1.0\r\n" +
            "Content-Type: text/plain; charset=\"x-no-such-charset\"\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"),
        0xFF, 0xFE, 0xC3, 0x28, 0xA0, 0xA1, 0x0D, 0x0A,
    ];

    /// <summary>A message with an attachment of <paramref name="bytes"/> bytes (base64 in the message).</summary>
    public static byte[] WithAttachment(int bytes)
    {
        var message = new MimeMessage { Subject = "big" };
        message.From.Add(MailboxAddress.Parse("someone@example.org"));
        var body = new BodyBuilder { TextBody = "see attached" };
        body.Attachments.Add("big.bin", new byte[bytes]);
        message.Body = body.ToMessageBody();
        using var stream = new MemoryStream();
        message.WriteTo(stream);
        return stream.ToArray();
    }
}
