namespace Verwalter.Tests.Testing;

/// <summary>Finds folders of the repository (runtime-examples/) from the test's output dir.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples => Path.Combine(Root, "runtime-examples");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Verwalter.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("Verwalter.sln not found above " + AppContext.BaseDirectory);
    }
}
