using System.Buffers;
using System.Text.Json;
using LlmGateway.Protocols.Anthropic;
using LlmGateway.Protocols.ChatCompletions;
using LlmGateway.Protocols.Neutral;
using LlmGateway.Protocols.OpenAIResponses;
using LlmGateway.Protocols.Sse;

namespace LlmGateway.Protocols;

/// <summary>
/// One response's pipeline: SSE framer (or whole-body buffer) → upstream-API decoder → neutral events →
/// client-API encoder. The encoder writes straight into the output the caller passes with each call.
/// </summary>
internal sealed class ResponseNormalizer : IResponseNormalizer, IDisposable
{
    private readonly NormalizerOptions _options;
    private readonly IUpstreamDecoder _decoder;
    private readonly IResponseEventSink _encoder;
    private readonly Action<IBufferWriter<byte>> _setOutput;
    private readonly SseFramer _framer = new();
    /// <summary>Bytes before the body kind is decided, or the whole JSON body; rented at the first byte, given back once a stream is decided.</summary>
    private readonly PooledBufferWriter _body = new(0);
    private BodyKind _kind;
    private bool _completed;

    public ResponseNormalizer(NormalizerOptions options)
    {
        _options = options;
        Report = new NormalizationReport();
        switch (options.ClientApi)
        {
            case WireApi.Messages:
                var messages = new MessagesEncoder(options, Report);
                _encoder = messages;
                _setOutput = messages.SetOutput;
                break;
            case WireApi.Responses:
                var responses = new ResponsesEncoder(options, Report);
                _encoder = responses;
                _setOutput = responses.SetOutput;
                break;
            case WireApi.ChatCompletions:
                var chat = new ChatCompletionsEncoder(options, Report);
                _encoder = chat;
                _setOutput = chat.SetOutput;
                break;
            default:
                throw new NotSupportedException($"No encoder for {options.ClientApi} yet.");
        }

        _decoder = options.UpstreamApi switch
        {
            WireApi.Messages => new MessagesDecoder(_encoder, Report),
            WireApi.Responses => new ResponsesDecoder(_encoder, Report),
            WireApi.ChatCompletions => new ChatCompletionsDecoder(_encoder, Report),
            _ => throw new NotSupportedException($"No decoder for {options.UpstreamApi} yet."),
        };

        ContentType = options.ClientStreams ? "text/event-stream; charset=utf-8" : "application/json";
    }

    /// <summary>What the upstream body turned out to be; servers mislabel it both ways, so the first byte decides.</summary>
    private enum BodyKind
    {
        Undecided,
        Sse,
        Json,
    }

    public string ContentType { get; }

    public bool IsTerminated => _encoder.IsTerminated;

    public NormalizationReport Report { get; }

    public void Write(ReadOnlySpan<byte> upstream, IBufferWriter<byte> output)
    {
        if (_completed || _encoder.IsTerminated)
        {
            return;
        }

        if (_kind == BodyKind.Undecided)
        {
            _body.Append(upstream);
            if (!TryDecide())
            {
                return;
            }

            if (_kind == BodyKind.Json)
            {
                return; // the buffered bytes are the start of the body
            }

            upstream = _body.WrittenSpan;
        }

        if (_kind == BodyKind.Json)
        {
            _body.Append(upstream);
            return;
        }

        _setOutput(output);
        _framer.Feed(upstream, _decoder);
        _body.Release(); // a stream never needs it again
    }

    public void Complete(IBufferWriter<byte> output)
    {
        if (_completed)
        {
            return;
        }

        _completed = true;
        _setOutput(output);
        if (_kind == BodyKind.Json)
        {
            try
            {
                _decoder.DecodeBody(_body.WrittenSpan);
            }
            catch (JsonException)
            {
                Report.Add(RepairKind.UnparsableFrame);
                _encoder.Fail(new ErrorEvent("api_error", "The upstream answered with a body that is not valid JSON.", "server_error"));
            }

            if (!_encoder.IsTerminated)
            {
                _encoder.Fail(new ErrorEvent("api_error", "The upstream body did not contain a complete response.", "server_error"));
            }

            return;
        }

        if (_kind == BodyKind.Undecided)
        {
            _framer.Feed(_body.WrittenSpan, _decoder); // whitespace only, or nothing
        }

        _framer.Finish(_decoder);
        _decoder.Complete();
    }

    /// <summary>Decides SSE or JSON at the first byte that is not white space or a BOM.</summary>
    private bool TryDecide()
    {
        var span = _body.WrittenSpan;
        var i = 0;
        while (i < span.Length && (span[i] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or 0xEF or 0xBB or 0xBF))
        {
            i++;
        }

        if (i == span.Length)
        {
            return false;
        }

        _kind = span[i] is (byte)'{' or (byte)'[' ? BodyKind.Json : BodyKind.Sse;
        if (_kind == BodyKind.Json && _options.ClientStreams)
        {
            Report.Add(RepairKind.BodyForStream);
        }

        return true;
    }

    public void Fail(UpstreamFailure failure, IBufferWriter<byte> output)
    {
        if (_encoder.IsTerminated)
        {
            return;
        }

        _completed = true;
        _setOutput(output);
        var (type, code) = failure.Kind == UpstreamFailureKind.Timeout ? ("timeout_error", "timeout") : ("api_error", "server_error");
        _encoder.Fail(new ErrorEvent(type, failure.Message, code));
    }

    public void Dispose()
    {
        _framer.Dispose();
        _body.Dispose();
        (_encoder as IDisposable)?.Dispose();
        (_decoder as IDisposable)?.Dispose();
    }
}
