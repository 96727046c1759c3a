using LlmGateway.Protocols;

namespace LlmGateway.Tests.Protocols.Testing;

/// <summary>
/// One upstream fixture under <c>Fixtures/</c>: <c>NAME.sse</c> (a stream) or <c>NAME.json</c> (a whole body), its
/// upstream API (from the folder) and its sibling <c>NAME.expected.json</c>.
/// </summary>
public sealed class Fixture
{
    private Fixture(string id, string path, WireApi api, bool isBody)
    {
        Id = id;
        Path = path;
        Api = api;
        IsBody = isBody;
    }

    /// <summary>Relative id, e.g. <c>malformed/messages/delta-without-start</c>.</summary>
    public string Id { get; }

    public string Path { get; }

    public WireApi Api { get; }

    /// <summary>True for a whole JSON body (upstream not streaming).</summary>
    public bool IsBody { get; }

    public string ExpectedPath => System.IO.Path.Combine(System.IO.Path.GetDirectoryName(Path)!, System.IO.Path.GetFileNameWithoutExtension(Path) + ".expected.json");

    public static string Root => System.IO.Path.Combine(AppContext.BaseDirectory, "Fixtures");

    public byte[] Bytes() => File.ReadAllBytes(Path);

    public override string ToString() => Id;

    /// <summary>Streams: recorded and malformed, for all three APIs.</summary>
    public static IReadOnlyList<Fixture> Streams { get; } = Load(
        ("recorded/anthropic", WireApi.Messages),
        ("recorded/openai-responses", WireApi.Responses),
        ("malformed/messages", WireApi.Messages),
        ("malformed/responses", WireApi.Responses),
        ("malformed/chat", WireApi.ChatCompletions));

    /// <summary>Whole upstream bodies.</summary>
    public static IReadOnlyList<Fixture> Bodies { get; } = Load(("bodies/messages", WireApi.Messages), ("bodies/responses", WireApi.Responses), ("bodies/chat", WireApi.ChatCompletions));

    /// <summary>
    /// The client APIs a fixture is normalized for: its own API and Chat Completions (every upstream API × chat
    /// client); chat fixtures go to all three clients.
    /// </summary>
    public IReadOnlyList<WireApi> Clients => Api == WireApi.ChatCompletions
        ? [WireApi.Messages, WireApi.Responses, WireApi.ChatCompletions]
        : [Api, WireApi.ChatCompletions];

    public static Fixture Get(string id) =>
        Streams.Concat(Bodies).FirstOrDefault(f => f.Id == id) ?? throw new ArgumentException($"No fixture {id}.", nameof(id));

    private static List<Fixture> Load(params (string Folder, WireApi Api)[] folders)
    {
        var list = new List<Fixture>();
        foreach (var (folder, api) in folders)
        {
            var dir = System.IO.Path.Combine(Root, folder);
            if (!Directory.Exists(dir))
            {
                continue;
            }

            foreach (var file in Directory.GetFiles(dir).Order(StringComparer.Ordinal))
            {
                var name = System.IO.Path.GetFileName(file);
                var isStream = name.EndsWith(".sse", StringComparison.Ordinal);
                var isBody = name.EndsWith(".json", StringComparison.Ordinal) && !name.EndsWith(".expected.json", StringComparison.Ordinal);
                if (isStream || isBody)
                {
                    list.Add(new Fixture($"{folder}/{System.IO.Path.GetFileNameWithoutExtension(name)}", file, api, isBody));
                }
            }
        }

        return list;
    }
}
