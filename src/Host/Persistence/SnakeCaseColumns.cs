using System.Text;
using Microsoft.EntityFrameworkCore;

namespace BatchInfer.Host.Persistence;

/// <summary>Column names follow the hand-written DDL (snake_case) without a HasColumnName per property.</summary>
internal static class SnakeCaseColumns
{
    public static ModelBuilder UseSnakeCaseColumns(this ModelBuilder modelBuilder)
    {
        ArgumentNullException.ThrowIfNull(modelBuilder);
        foreach (var property in modelBuilder.Model.GetEntityTypes().SelectMany(entity => entity.GetProperties()))
        {
            property.SetColumnName(ToSnakeCase(property.Name));
        }

        return modelBuilder;
    }

    public static string ToSnakeCase(string name)
    {
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('_');
            }

            builder.Append(char.ToLowerInvariant(name[i]));
        }

        return builder.ToString();
    }
}
