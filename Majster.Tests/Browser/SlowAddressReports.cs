using Microsoft.Playwright;

namespace Majster.Tests.Browser;

/// <summary>
/// The circuit's connection, with the browser's reports of a new address held back while <see cref="Holding"/> and
/// sent on, in order, by <see cref="Release"/>.
/// </summary>
internal sealed class SlowAddressReports
{
    private readonly List<IWebSocketFrame> _held = [];
    private IWebSocketRoute? _server;

    public bool Holding { get; set; }

    public int HeldCount
    {
        get { lock (_held) { return _held.Count; } }
    }

    public void Connect(IWebSocketRoute browser)
    {
        var server = browser.ConnectToServer();
        _server = server;
        browser.OnMessage(frame =>
        {
            lock (_held)
            {
                if (Holding && IsAddressReport(frame))
                {
                    _held.Add(frame);
                    return;
                }

                Forward(server, frame);
            }
        });
    }

    public void Release()
    {
        lock (_held)
        {
            Holding = false;
            foreach (var frame in _held)
            {
                Forward(_server!, frame);
            }

            _held.Clear();
        }
    }

    private static bool IsAddressReport(IWebSocketFrame frame) =>
        frame.Text?.Contains("OnLocationChanged", StringComparison.Ordinal) == true
        || (frame.Binary is { } bytes && System.Text.Encoding.UTF8.GetString(bytes).Contains("OnLocationChanged", StringComparison.Ordinal));

    private static void Forward(IWebSocketRoute server, IWebSocketFrame frame)
    {
        if (frame.Binary is { } bytes)
        {
            server.Send(bytes);
        }
        else
        {
            server.Send(frame.Text!);
        }
    }
}
