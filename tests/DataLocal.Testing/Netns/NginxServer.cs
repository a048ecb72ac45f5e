using System.Globalization;
using System.Net.Sockets;

namespace DataLocal.Testing.Netns;

/// <summary>
/// An external object store on a host of its own: Debian's nginx serving a directory of files
/// (range requests are on for static files by default), started with a minimal generated
/// nginx.conf in a temporary directory (no system configuration, modules or log files: pid, logs
/// and nginx's temp paths all live there), in the foreground as root. <see cref="Dispose"/> kills
/// it and removes the directory; a directory left by a process that died is removed by the next start.
/// </summary>
public sealed class NginxServer : IDisposable
{
    public const int DefaultPort = 80;

    private static readonly string StateRoot = Path.Combine(Path.GetTempPath(), "datalocal-nginx");
    private static readonly string[] Candidates = ["/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx"];
    private readonly NetnsProcess _process;
    private bool _disposed;

    private NginxServer(NetnsHost host, int port, string root, string stateDirectory, NetnsProcess process)
    {
        Host = host;
        Port = port;
        Root = root;
        StateDirectory = stateDirectory;
        _process = process;
    }

    /// <summary>Null when an nginx executable is installed; otherwise why the object store cannot run.</summary>
    public static string? UnavailableReason => Executable is null
        ? "nginx is not installed (apt-get install nginx-light)"
        : null;

    private static string? Executable => Candidates.FirstOrDefault(File.Exists);

    public NetnsHost Host { get; }

    public int Port { get; }

    /// <summary>The directory it serves.</summary>
    public string Root { get; }

    /// <summary>nginx.conf, nginx.pid, error.log and access.log.</summary>
    public string StateDirectory { get; }

    public string BaseUrl => $"http://{Host.Address}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>The URL of <paramref name="relativePath"/> under <see cref="Root"/>.</summary>
    public string UrlOf(string relativePath) => $"{BaseUrl}/{relativePath.TrimStart('/')}";

    /// <summary>Process ids of nginx (master and worker) inside its host.</summary>
    public IReadOnlyList<int> ProcessIds() => Host.ProcessIds();

    /// <summary>
    /// Starts nginx in <paramref name="host"/> on <paramref name="port"/> of the host's address,
    /// serving <paramref name="root"/>, and waits until it accepts connections. Throws
    /// <see cref="NetnsException"/> with nginx's own words when it is missing or will not start.
    /// </summary>
    public static async Task<NginxServer> StartAsync(NetnsHost host, string root, int port = DefaultPort)
    {
        ArgumentNullException.ThrowIfNull(host);
        var executable = Executable ?? throw new NetnsException(UnavailableReason!);
        RemoveLeftovers();
        var state = Path.Combine(StateRoot, $"{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..6]}");
        Directory.CreateDirectory(state);
        var config = Path.Combine(state, "nginx.conf");
        await File.WriteAllTextAsync(config, Config(state, Path.GetFullPath(root), host, port)).ConfigureAwait(false);
        NetnsProcess? process = null;
        try
        {
            // -e: the error log from the very start, before the configuration is read (else nginx opens /var/log/nginx/error.log).
            process = host.Start(executable, "-p", state + "/", "-c", config, "-e", Path.Combine(state, "error.log"));
            var server = new NginxServer(host, port, root, state, process);
            await Eventually.TrueAsync(async () =>
            {
                if (process.HasExited)
                {
                    throw new NetnsException($"nginx exited at start: {server.ErrorLog()} {string.Join(" | ", process.OutputLines)}".Trim());
                }
                return await AcceptsAsync(host, port).ConfigureAwait(false);
            }, $"nginx to listen on {host.Address}:{port}", TimeSpan.FromSeconds(20)).ConfigureAwait(false);
            return server;
        }
        catch
        {
            process?.Dispose();
            TryDelete(state);
            throw;
        }
    }

    /// <summary>Body bytes nginx has sent so far, summed from its access log.</summary>
    public long BytesSent()
    {
        var log = Path.Combine(StateDirectory, "access.log");
        if (!File.Exists(log))
        {
            return 0;
        }
        long total = 0;
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // "STATUS BYTES REQUEST": see the log_format in Config.
            var fields = line.Split(' ', 3);
            if (fields.Length >= 2 && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var bytes))
            {
                total += bytes;
            }
        }
        return total;
    }

    /// <summary>Access log lines: "STATUS BYTES RANGE REQUEST".</summary>
    public IReadOnlyList<string> AccessLog()
    {
        var log = Path.Combine(StateDirectory, "access.log");
        if (!File.Exists(log))
        {
            return [];
        }
        using var stream = new FileStream(log, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        var pids = Host.ProcessIds();
        _process.Dispose(); // SIGKILL to the master and its workers
        foreach (var pid in pids.Where(IsRunning))
        {
            SystemCommand.TryRun("kill", "-9", pid.ToString(CultureInfo.InvariantCulture));
        }
        // A killed worker lingers until it is reaped: wait until none is left running.
        Eventually.TrueAsync(() => !pids.Any(IsRunning), "nginx's processes to end", TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        TryDelete(StateDirectory);
    }

    /// <summary>Whether <paramref name="pid"/> is a live process (neither gone nor a zombie waiting to be reaped).</summary>
    public static bool IsRunning(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat");
            // "pid (comm) S ...": the state follows the command name's closing parenthesis.
            var state = stat[(stat.LastIndexOf(')') + 2)..];
            return state.Length > 0 && state[0] is not ('Z' or 'X');
        }
        catch (IOException)
        {
            return false;
        }
    }

    private string ErrorLog()
    {
        try
        {
            return File.ReadAllText(Path.Combine(StateDirectory, "error.log")).Trim();
        }
        catch (IOException)
        {
            return string.Empty;
        }
    }

    private static string Config(string state, string root, NetnsHost host, int port) => string.Create(CultureInfo.InvariantCulture, $$"""
        # Generated by the DataLocal test harness: an object store for one test run, nothing from /etc/nginx.
        daemon off;
        master_process on;
        user root;
        worker_processes 1;
        pid {{state}}/nginx.pid;
        error_log {{state}}/error.log warn;
        events { worker_connections 1024; }
        http {
            default_type application/octet-stream;
            log_format store '$status $body_bytes_sent $http_range "$request"';
            access_log {{state}}/access.log store;
            client_body_temp_path {{state}}/client_body;
            proxy_temp_path {{state}}/proxy;
            fastcgi_temp_path {{state}}/fastcgi;
            uwsgi_temp_path {{state}}/uwsgi;
            scgi_temp_path {{state}}/scgi;
            sendfile on;
            tcp_nopush on;
            keepalive_requests 100000;
            server {
                listen {{host.Address}}:{{port}};
                root {{root}};
                location / { }
            }
        }

        """);

    private static async Task<bool> AcceptsAsync(NetnsHost host, int port)
    {
        using var socket = new TcpClient();
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await socket.ConnectAsync(host.Address, port, deadline.Token).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>State directories of earlier runs whose process is gone (a crashed or killed test run).</summary>
    private static void RemoveLeftovers()
    {
        if (!Directory.Exists(StateRoot))
        {
            return;
        }
        foreach (var directory in Directory.GetDirectories(StateRoot))
        {
            var name = Path.GetFileName(directory);
            var dash = name.IndexOf('-', StringComparison.Ordinal);
            if (dash > 0 && int.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var owner) && !Directory.Exists($"/proc/{owner}"))
            {
                TryDelete(directory);
            }
        }
    }

    private static void TryDelete(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Already gone, or busy for a moment: the next start removes it.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
