using DataLocal.Cli;

return await CliApp.RunAsync(args).ConfigureAwait(false);
