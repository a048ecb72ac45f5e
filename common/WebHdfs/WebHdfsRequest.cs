using Microsoft.AspNetCore.Http;

namespace DataLocal.Common.WebHdfs;

/// <summary>The parts of a WebHDFS request both roles read: its path under the prefix and its query parameters.</summary>
public static class WebHdfsRequest
{
    public const string Prefix = "/webhdfs/v1";

    /// <summary>WebHDFS's own way to carry a credential: Hadoop's delegation-token parameter, here the user's token.</summary>
    public const string DelegationParameter = "delegation";

    public static bool IsWebHdfs(PathString path) => path.StartsWithSegments(Prefix, StringComparison.Ordinal);

    /// <summary>The file-system path a request names: what follows the prefix, "/" when nothing does.</summary>
    public static string FileSystemPath(HttpRequest request) =>
        request.Path.StartsWithSegments(Prefix, StringComparison.Ordinal, out var rest) && rest.HasValue && rest.Value != "/" ? rest.Value! : "/";

    /// <summary>The operation, upper-cased: Hadoop takes op names in any case.</summary>
    public static string Operation(HttpRequest request) => request.Query["op"].ToString().ToUpperInvariant();

    public static string? Text(HttpRequest request, string name) =>
        request.Query.TryGetValue(name, out var value) && !string.IsNullOrEmpty(value.ToString()) ? value.ToString() : null;

    /// <summary>A numeric parameter, or <paramref name="fallback"/> when absent; a malformed one is a 400.</summary>
    public static long Number(HttpRequest request, string name, long fallback) =>
        Text(request, name) is not { } text ? fallback
        : long.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value
        : throw new WebHdfsException(WebHdfsError.IllegalArgument($"Invalid value for webhdfs parameter \"{name}\": \"{text}\" is not a number"));

    /// <summary>A true/false parameter (Hadoop's spelling, any case), or <paramref name="fallback"/> when absent.</summary>
    public static bool Flag(HttpRequest request, string name, bool fallback) => Text(request, name)?.ToLowerInvariant() switch
    {
        null => fallback,
        "true" => true,
        "false" => false,
        var text => throw new WebHdfsException(WebHdfsError.IllegalArgument($"Invalid value for webhdfs parameter \"{name}\": \"{text}\" is not true or false")),
    };

    public static WebHdfsError UnknownOperation(HttpRequest request) => WebHdfsError.IllegalArgument(
        string.IsNullOrEmpty(request.Query["op"].ToString())
            ? "Invalid value for webhdfs parameter \"op\": no op given"
            : $"Invalid value for webhdfs parameter \"op\": {request.Method} {Operation(request)} is not an operation this server supports");
}

/// <summary>A WebHDFS request that ends in the error it carries.</summary>
public sealed class WebHdfsException(WebHdfsError error) : Exception(error.Message)
{
    public WebHdfsError Error { get; } = error;
}
