using System.Collections.Immutable;
using AstModule = Acornima.Ast.Module;
using Jint;
using Jint.Runtime.Modules;

namespace Verwalter.Scheduling.JavaScript;

/// <summary>
/// Serves <c>import</c>s from the scheduler's own files, parsed once (<see cref="Parsed"/>), never
/// from the disk. Only relative specifiers (<c>./</c>, <c>../</c>) that stay inside
/// <c>scheduler/v1/</c> and name a file of the source resolve; anything else fails with a
/// <see cref="SchedulerException"/> naming the specifier and the importing file.
/// </summary>
internal sealed class JsModuleLoader(ImmutableDictionary<string, Prepared<AstModule>> parsed) : IModuleLoader
{
    public ImmutableDictionary<string, Prepared<AstModule>> Parsed { get; } = parsed;

    public ResolvedSpecifier Resolve(string? referencingModuleLocation, ModuleRequest moduleRequest)
    {
        var specifier = moduleRequest.Specifier;
        var importer = referencingModuleLocation ?? JsScheduler.EntryFile;
        var key = ResolveKey(importer, specifier);
        return new ResolvedSpecifier(moduleRequest, key, null, SpecifierType.RelativeOrAbsolute);
    }

    public Module LoadModule(Engine engine, ResolvedSpecifier resolved)
    {
        ArgumentNullException.ThrowIfNull(resolved);
        if (!Parsed.TryGetValue(resolved.Key, out var module))
        {
            throw new SchedulerException(SchedulerErrorKind.Load, $"{resolved.Key}: no such module in scheduler/v1");
        }

        return ModuleFactory.BuildSourceTextModule(engine, module);
    }

    /// <summary>The source key (path below <c>scheduler/v1/</c>) a specifier of <paramref name="importer"/> names.</summary>
    /// <exception cref="SchedulerException">Bare, absolute, leaving the folder, or not a file of the source.</exception>
    public string ResolveKey(string importer, string specifier)
    {
        if (specifier == JsScheduler.EntryFile && importer == JsScheduler.EntryFile)
        {
            return specifier;
        }

        if (!specifier.StartsWith("./", StringComparison.Ordinal) && !specifier.StartsWith("../", StringComparison.Ordinal))
        {
            throw Fail(importer, specifier, "only relative imports ('./x.js') inside scheduler/v1 are allowed");
        }

        var parts = new List<string>(importer.Split('/')[..^1]);
        foreach (var part in specifier.Split('/'))
        {
            switch (part)
            {
                case ".":
                    break;
                case "..":
                    if (parts.Count == 0)
                    {
                        throw Fail(importer, specifier, "leaves scheduler/v1");
                    }

                    parts.RemoveAt(parts.Count - 1);
                    break;
                case "" or "\\":
                    throw Fail(importer, specifier, "empty path segment");
                default:
                    if (part.Contains('\\', StringComparison.Ordinal) || part.Contains('\0', StringComparison.Ordinal))
                    {
                        throw Fail(importer, specifier, "bad character in path");
                    }

                    parts.Add(part);
                    break;
            }
        }

        var key = string.Join('/', parts);
        return Parsed.ContainsKey(key) ? key : throw Fail(importer, specifier, $"no such file scheduler/v1/{key}");
    }

    private static SchedulerException Fail(string importer, string specifier, string why) =>
        new(SchedulerErrorKind.Load, $"{importer}: cannot import '{specifier}': {why}") { Location = importer };
}
