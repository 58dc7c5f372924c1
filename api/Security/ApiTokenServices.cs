namespace Verwalter.Api.Security;

/// <summary>Registers the API token store (enabled with a token file) and its metrics.</summary>
internal static class ApiTokenServices
{
    public static IServiceCollection AddApiToken(this IServiceCollection services, string? tokenFile, bool protectsReads)
    {
        services.AddSingleton<ApiTokenMetrics>();
        services.AddSingleton(sp =>
        {
            var logger = sp.GetRequiredService<ILogger<ApiTokenStore>>();
            if (tokenFile is null)
            {
                return new ApiTokenStore(logger);
            }

            var store = new ApiTokenStore(tokenFile, protectsReads, logger);
            store.WarnIfShared();
            return store;
        });
        return services;
    }
}
