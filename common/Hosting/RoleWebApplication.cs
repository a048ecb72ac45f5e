using Microsoft.AspNetCore.Builder;

namespace DataLocal.Common.Hosting;

/// <summary>
/// The web application a role runs in. Without being told otherwise, ASP.NET Core watches its
/// content root (the directory the role was started from) and everything under it for changes to
/// appsettings files: one inotify watch per subdirectory, woken by every file written beneath it. A
/// role started from a busy or large directory (/tmp, a home directory) paid for that in start-up time
/// and idle CPU. Roles take their settings once, at start-up, so nothing needs watching.
/// </summary>
public static class RoleWebApplication
{
    public static WebApplicationBuilder CreateBuilder() =>
        WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = ["--hostBuilder:reloadConfigOnChange=false"] });
}
