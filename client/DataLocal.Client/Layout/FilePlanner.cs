using DataLocal.Common.Parquet;
using DataLocal.Client.Parquet;

namespace DataLocal.Client.Layout;

/// <summary>Decides how a local file is stored: validated Parquet split at row groups, or plain bytes.</summary>
internal sealed class FilePlanner(DataLocalClientOptions options)
{
    public async Task<FilePlan> PlanAsync(string localPath, bool requireParquet, CancellationToken cancellationToken)
    {
        if (!requireParquet && !ParquetValidator.LooksLikeParquet(localPath))
        {
            return FilePlan.Plain(new FileInfo(localPath).Length);
        }
        try
        {
            var inspection = await new ParquetValidator(new ParquetValidatorOptions { DecodeTimeLimit = options.ParquetValidationTimeout }).InspectAsync(localPath, cancellationToken).ConfigureAwait(false);
            if (inspection.Layout is null)
            {
                return requireParquet
                    ? throw new DataLocalException("invalid Parquet file: its footer is encrypted or unreadable (stored as plain bytes only without --parquet)")
                    : FilePlan.Plain(new FileInfo(localPath).Length);
            }
            return FilePlan.Parquet(inspection.Layout, inspection.UnsupportedFeature);
        }
        catch (InvalidParquetException ex)
        {
            throw new DataLocalException(ex.Message, ex);
        }
    }
}
