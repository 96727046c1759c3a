namespace LlmGateway.Transport.Builtin;

/// <summary>The echo upstream's answer before encoding: the words to send back and rough usage figures.</summary>
internal sealed class EchoReply
{
    private const string EmptyEcho = "(nothing to echo)";

    public EchoReply(EchoRequest request, string id, long createdAt)
    {
        Model = request.Model;
        Id = id;
        CreatedAt = createdAt;
        IncludeUsage = request.IncludeUsage;
        var inputWords = SplitWords(request.Text);
        InputTokens = inputWords.Length;
        Words = inputWords.Length == 0 ? SplitWords(EmptyEcho) : inputWords;
        Text = string.Join(' ', Words);
    }

    public string Model { get; }

    /// <summary>Random hex shared by the ids of this reply (<c>msg_</c>, <c>resp_</c>, <c>chatcmpl-</c>).</summary>
    public string Id { get; }

    public long CreatedAt { get; }

    public bool IncludeUsage { get; }

    public IReadOnlyList<string> Words { get; }

    public string Text { get; }

    /// <summary>Rough token count: the words of the last user message.</summary>
    public int InputTokens { get; }

    /// <summary>Rough token count: the words sent back.</summary>
    public int OutputTokens => Words.Count;

    /// <summary>The text of delta <paramref name="index"/>; words after the first carry their leading space.</summary>
    public string Delta(int index) => index == 0 ? Words[0] : " " + Words[index];

    private static string[] SplitWords(string text) => text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
}
