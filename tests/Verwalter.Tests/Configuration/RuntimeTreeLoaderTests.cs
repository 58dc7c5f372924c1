using System.Text.Json.Nodes;
using Verwalter.Configuration;

namespace Verwalter.Tests.Configuration;

public sealed class RuntimeTreeLoaderTests : IDisposable
{
    private readonly TempConfigDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void MissingRuntimeFolder_GivesEmptyObjectWithoutProblems()
    {
        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("{}", result.Tree);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void EmptyRuntimeFolder_GivesEmptyObject()
    {
        _dir.MakeDirectory("runtime");

        JsonAssert.Equal("{}", RuntimeTreeLoader.Load(_dir.Root).Tree);
    }

    [Fact]
    public void ReadsEachKnownExtension_AndIgnoresOthers()
    {
        _dir.Write("runtime/a.yaml", "x: 1")
            .Write("runtime/b.yml", "- 2")
            .Write("runtime/c.json", """{"y": [true]}""")
            .Write("runtime/d.txt", "line one\nline two\n")
            .Write("runtime/e.toml", "z = 1")
            .Write("runtime/f.lua", "return 1")
            .Write("runtime/noext", "plain")
            .Write("runtime/g.YAML", "upper: case");

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"a": {"x": 1}, "b": [2], "c": {"y": [true]}, "d": "line one\nline two\n"}""", result.Tree);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void KeyPath_StripsKnownExtensionsAndDotD_FromEveryComponent()
    {
        _dir.Write("runtime/pyapp/v2/processes.yaml", "1")
            .Write("runtime/app/v1.d/x.json", "2")
            .Write("runtime/pyapp/v3.json", "3")
            .Write("runtime/odd.yaml/deep.txt/leaf.yml", "4")
            .Write("runtime/ver/1.2/n.yaml", "5")
            .Write("runtime/lib.tar.json", "6");

        JsonAssert.Equal(
            """
            {"pyapp": {"v2": {"processes": 1}, "v3": 3}, "app": {"v1": {"x": 2}},
             "odd": {"deep": {"leaf": 4}}, "ver": {"1.2": {"n": 5}}, "lib.tar": 6}
            """,
            RuntimeTreeLoader.Load(_dir.Root).Tree);
    }

    [Fact]
    public void SkipsHiddenBackupAndEditorFiles_AndFolders()
    {
        _dir.Write("runtime/keep.yaml", "1")
            .Write("runtime/.hidden.yaml", "2")
            .Write("runtime/keep.yaml~", "3")
            .Write("runtime/old.yaml.bak", "4")
            .Write("runtime/#keep.yaml#", "5")
            .Write("runtime/.git/config.yaml", "6")
            .Write("runtime/prev.bak/x.yaml", "7")
            .Write("runtime/#tmp#/x.yaml", "8")
            .Write("runtime/old~/x.yaml", "9");

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"keep": 1}""", result.Tree);
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void IntermediateNonObject_IsReplacedByObject()
    {
        // Folders are visited in ordinal order: a.d/ sets a.b = 1, then a.yaml/b/ needs a.b to be an object.
        _dir.Write("runtime/a.d/b.json", "1")
            .Write("runtime/a.yaml/b/c.json", "2");

        JsonAssert.Equal("""{"a": {"b": {"c": 2}}}""", RuntimeTreeLoader.Load(_dir.Root).Tree);
    }

    [Fact]
    public void Leaf_IsReplacedWhole_ByTheLaterFile()
    {
        _dir.Write("runtime/a.d/b.json", """{"old": 1}""")
            .Write("runtime/a.yaml/b.yaml", "new: 2");

        JsonAssert.Equal("""{"a": {"b": {"new": 2}}}""", RuntimeTreeLoader.Load(_dir.Root).Tree);
    }

    [Fact]
    public void FileAndSameNamedFolder_FileWinsDeterministically()
    {
        _dir.Write("runtime/a/inner.yaml", "1")
            .Write("runtime/a.yaml", "file: true")
            .Write("runtime/b.json", "\"json\"")
            .Write("runtime/b.yaml", "yaml");

        for (var i = 0; i < 3; i++)
        {
            JsonAssert.Equal("""{"a": {"file": true}, "b": "yaml"}""", RuntimeTreeLoader.Load(_dir.Root).Tree);
        }
    }

    [Fact]
    public void BrokenYaml_IsReportedWithPathLineAndColumn_AndTheRestStillLoads()
    {
        _dir.Write("runtime/app/good.yaml", "ok: 1")
            .Write("runtime/app/bad.yaml", "a: 1\nb: [1, 2\nc: 3\n")
            .Write("runtime/app/alias.yaml", "a: 1\nb: *nope\n");

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"app": {"good": {"ok": 1}}}""", result.Tree);
        Assert.Equal(2, result.Problems.Length);
        var alias = Assert.Single(result.Problems, p => p.Path == "runtime/app/alias.yaml");
        Assert.Equal((2, 4), (alias.Line, alias.Column));
        Assert.Contains("unknown alias '*nope'", alias.Message, StringComparison.Ordinal);
        Assert.Equal("runtime/app/alias.yaml:2:4: unknown alias '*nope'", alias.ToString());
        var bad = Assert.Single(result.Problems, p => p.Path == "runtime/app/bad.yaml");
        Assert.NotNull(bad.Line);
        Assert.NotNull(bad.Column);
        Assert.DoesNotContain("(Line:", bad.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenJson_IsReportedWithOneBasedLineAndColumn()
    {
        _dir.Write("runtime/bad.json", "{\"a\": 1,\n  \"b\": }")
            .Write("runtime/good.json", "[1]");

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"good": [1]}""", result.Tree);
        var problem = Assert.Single(result.Problems);
        Assert.Equal("runtime/bad.json", problem.Path);
        Assert.Equal((2, 8), (problem.Line, problem.Column));
        Assert.DoesNotContain("LineNumber", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8_IsAProblem()
    {
        _dir.WriteBytes("runtime/bin.txt", [0x66, 0xFF, 0xFE]);

        var problem = Assert.Single(RuntimeTreeLoader.Load(_dir.Root).Problems);

        Assert.Equal("runtime/bin.txt: not valid UTF-8", problem.ToString());
    }

    [Fact]
    public void Utf8Bom_IsDropped()
    {
        _dir.WriteBytes("runtime/bom.txt", [0xEF, 0xBB, 0xBF, (byte)'h', (byte)'i']);

        JsonAssert.Equal("""{"bom": "hi"}""", RuntimeTreeLoader.Load(_dir.Root).Tree);
    }

    [Fact]
    public void OversizedFile_IsReportedAndSkipped()
    {
        _dir.Write("runtime/small.txt", "s");
        using (var stream = File.Create(_dir.PathOf("runtime/huge.txt")))
        {
            stream.SetLength(ConfigDirectoryScanner.MaxFileBytes + 1);
        }

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"small": "s"}""", result.Tree);
        Assert.Contains("limit is 16 MiB", Assert.Single(result.Problems).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fingerprint_IsStable_IgnoresUnreadFiles_AndChangesOnEdit()
    {
        _dir.Write("runtime/a.yaml", "x: 1").Write("runtime/b/c.txt", "t");
        var first = RuntimeTreeLoader.Load(_dir.Root).Fingerprint;

        Assert.Equal(first, RuntimeTreeLoader.Load(_dir.Root).Fingerprint);
        Assert.Matches("^[0-9a-f]{64}$", first);

        _dir.Write("runtime/ignored.toml", "x").Write("runtime/.hidden.yaml", "y: 2");
        Assert.Equal(first, RuntimeTreeLoader.Load(_dir.Root).Fingerprint);

        _dir.Write("runtime/a.yaml", "x: 2");
        var edited = RuntimeTreeLoader.Load(_dir.Root).Fingerprint;
        Assert.NotEqual(first, edited);

        File.Move(_dir.PathOf("runtime/a.yaml"), _dir.PathOf("runtime/z.yaml"));
        Assert.NotEqual(edited, RuntimeTreeLoader.Load(_dir.Root).Fingerprint);
    }

    [Fact]
    public void SymlinkedFolder_IsFollowed_AndALoopIsReportedNotFollowed()
    {
        _dir.Write("shared/db.yaml", "host: db1")
            .Write("runtime/app/v1.yaml", "1")
            .LinkDirectory("runtime/common", _dir.PathOf("shared"))
            .LinkDirectory("runtime/app/again", _dir.PathOf("runtime"));

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"app": {"v1": 1}, "common": {"db": {"host": "db1"}}}""", result.Tree);
        var loop = Assert.Single(result.Problems);
        Assert.Equal("runtime/app/again", loop.Path);
        Assert.Contains("loop", loop.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void BrokenSymlink_IsReported()
    {
        _dir.MakeDirectory("runtime");
        File.CreateSymbolicLink(_dir.PathOf("runtime/gone.yaml"), _dir.PathOf("nowhere.yaml"));

        Assert.Equal("runtime/gone.yaml: broken symbolic link", Assert.Single(RuntimeTreeLoader.Load(_dir.Root).Problems).ToString());
    }

    [Fact]
    public void Json_IsParsedAsIs_WithTheLastOfRepeatedKeys()
    {
        _dir.Write("runtime/j.json", """{"a": 1, "a": {"b": [1.5, "s", null, false]}, "n": null}""")
            .Write("runtime/scalar.json", "\"text\"")
            .Write("runtime/nothing.json", "null");

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"j": {"a": {"b": [1.5, "s", null, false]}, "n": null}, "scalar": "text", "nothing": null}""", result.Tree);
        Assert.Equal("""{"a":{"b":[1.5,"s",null,false]},"n":null}""", result.Tree["j"]!.ToJsonString());
        Assert.Empty(result.Problems);
    }

    [Fact]
    public void EmptyYaml_GivesNull_AndTxtKeepsNewlines()
    {
        _dir.Write("runtime/empty.yaml", "")
            .Write("runtime/comment.yml", "# nothing\n")
            .Write("runtime/notes.txt", "a\r\nb\n\n");

        var result = RuntimeTreeLoader.Load(_dir.Root);

        JsonAssert.Equal("""{"empty": null, "comment": null, "notes": "a\r\nb\n\n"}""", result.Tree);
        Assert.True(result.Tree.ContainsKey("empty"));
    }

    [Fact]
    public void Tree_IsAJsonObjectAtEveryLevel()
    {
        _dir.Write("runtime/a/b.yaml", "1");

        Assert.IsType<JsonObject>(RuntimeTreeLoader.Load(_dir.Root).Tree["a"]);
    }
}
