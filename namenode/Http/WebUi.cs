using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace DataLocal.NameNode.Http;

/// <summary>
/// The web UI's three files, compiled into the namenode (no asset is fetched from the internet): a
/// page shell at /, its script and its style sheet. The script draws every page from <see cref="StatusApi"/>.
/// </summary>
public static class WebUi
{
    private static readonly (string Path, string Resource, string ContentType)[] Files =
    [
        ("/", "index.html", "text/html; charset=utf-8"),
        ("/ui/app.js", "app.js", "text/javascript; charset=utf-8"),
        ("/ui/app.css", "app.css", "text/css; charset=utf-8"),
    ];

    public static IEndpointRouteBuilder MapWebUi(this IEndpointRouteBuilder endpoints)
    {
        foreach (var (path, resource, contentType) in Files)
        {
            var content = Read(resource);
            endpoints.MapGet(path, (HttpContext context) =>
            {
                // Pages hold no data of their own (the API does), and run no script but their own.
                context.Response.Headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'";
                context.Response.Headers.XContentTypeOptions = "nosniff";
                return Results.Bytes(content, contentType);
            });
        }
        return endpoints;
    }

    private static byte[] Read(string name)
    {
        using var stream = typeof(WebUi).Assembly.GetManifestResourceStream("DataLocal.NameNode.Http.Ui." + name)
            ?? throw new InvalidOperationException($"web UI file {name} is not compiled into the namenode");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
