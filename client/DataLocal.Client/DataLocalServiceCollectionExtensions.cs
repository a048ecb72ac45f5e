using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace DataLocal.Client;

/// <summary>Registers the DataLocal client with Microsoft.Extensions.DependencyInjection.</summary>
public static class DataLocalServiceCollectionExtensions
{
    /// <summary>
    /// Registers one shared <see cref="DataLocalClient"/> (it is thread-safe and pools its connections) as
    /// <see cref="IDataLocalClient"/> and as itself, configured by <paramref name="configure"/> and anything else
    /// that configures <see cref="DataLocalClientOptions"/> (e.g. <c>services.Configure&lt;DataLocalClientOptions&gt;(section)</c>).
    /// <see cref="DataLocalClientOptions.NameNode"/> must be set; the container disposes the client.
    /// </summary>
    /// <example><code>
    /// services.AddDataLocalClient(o =&gt;
    /// {
    ///     o.NameNode = "http://namenode:8020";
    ///     o.Token = Environment.GetEnvironmentVariable("DATALOCAL_TOKEN");
    /// });
    /// </code></example>
    public static IServiceCollection AddDataLocalClient(this IServiceCollection services, Action<DataLocalClientOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<DataLocalClientOptions>()
            .Validate(o => !string.IsNullOrWhiteSpace(o.NameNode), "DataLocalClientOptions.NameNode is not set: set it to the namenode's address, e.g. http://namenode:8020");
        if (configure is not null)
        {
            options.Configure(configure);
        }
        services.TryAddSingleton(provider =>
        {
            var settings = provider.GetRequiredService<IOptions<DataLocalClientOptions>>().Value;
            return new DataLocalClient(NormalizeAddress(settings.NameNode!), settings);
        });
        services.TryAddSingleton<IDataLocalClient>(provider => provider.GetRequiredService<DataLocalClient>());
        return services;
    }

    // host:port is accepted, as the CLI accepts it.
    private static string NormalizeAddress(string address) =>
        address.Contains("://", StringComparison.Ordinal) ? address.Trim().TrimEnd('/') : "http://" + address.Trim().TrimEnd('/');
}
