using B3.Core.Database.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace B3.Core.Database.Configurations;

internal static class LoadedRowColumns
{
    /// <summary>The file columns every loaded table ends with, and the index that finds a file's rows.</summary>
    public static void MapFileColumns<T>(this EntityTypeBuilder<T> table, string indexName) where T : LoadedRow
    {
        table.Property(row => row.ETag).HasColumnName("etag");
        table.HasIndex(row => row.ObjectKey).HasDatabaseName(indexName);
    }
}
