using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;
using RollbackDrill.Sandbox.Helm;

namespace RollbackDrill.Sandbox.Tests;

public sealed class HelmCodecTests
{
    private static JsonObject SampleRelease(int version = 42, string status = HelmStatus.Deployed) =>
        HelmReleaseBuilder.Build("videokit-api", "videokit", version, status, "Upgrade complete",
            new DateTimeOffset(2024, 9, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 11, 18, 9, 0, 0, 123, TimeSpan.Zero),
            "videokit", "0.1.0", "1.0.0", new JsonObject { ["password"] = "s3cr3t" }, "---\n# Source: videokit/templates/service.yaml\nkind: Service\n");

    [Fact]
    public void Encode_gzip_starts_with_H4sI_and_round_trips()
    {
        var rel = SampleRelease();
        var text = HelmReleaseCodec.Encode(rel);
        Assert.StartsWith("H4sI", text, StringComparison.Ordinal); // base64 of the gzip magic 1f 8b 08
        var back = HelmReleaseCodec.Decode(text);
        Assert.True(JsonNode.DeepEquals(rel, back));
    }

    [Fact]
    public void Encode_without_gzip_is_plain_base64_json_and_decodes()
    {
        var rel = SampleRelease();
        var text = HelmReleaseCodec.Encode(rel, gzip: false);
        Assert.StartsWith("eyJ", text, StringComparison.Ordinal); // base64 of '{"'
        Assert.Equal("videokit-api", HelmReleaseCodec.Decode(text)["name"]!.GetValue<string>());
    }

    [Fact]
    public void Release_json_uses_helm_field_names()
    {
        var json = Encoding.UTF8.GetString(Gunzip(Convert.FromBase64String(HelmReleaseCodec.Encode(SampleRelease()))));
        foreach (var key in new[] { "\"name\":", "\"info\":", "\"first_deployed\":", "\"last_deployed\":", "\"deleted\":\"\"", "\"status\":\"deployed\"",
                     "\"chart\":", "\"metadata\":", "\"appVersion\":\"1.0.0\"", "\"config\":", "\"manifest\":", "\"version\":42", "\"namespace\":\"videokit\"" })
        {
            Assert.Contains(key, json, StringComparison.Ordinal);
        }

        Assert.Contains("\"last_deployed\":\"2024-11-18T09:00:00.123Z\"", json, StringComparison.Ordinal);
    }

    [Fact]
    public void Secret_holds_base64_twice_with_helm_labels_and_type()
    {
        var rel = SampleRelease();
        var created = DateTimeOffset.FromUnixTimeSeconds(1731920400);
        var secret = HelmReleaseCodec.ToSecret(rel, "videokit", HelmReleaseCodec.StandardLabels(rel, created, null));
        Assert.Equal("sh.helm.release.v1.videokit-api.v42", secret["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal("helm.sh/release.v1", secret["type"]!.GetValue<string>());
        var labels = secret["metadata"]!["labels"]!.AsObject();
        Assert.Equal("videokit-api", labels["name"]!.GetValue<string>());
        Assert.Equal("helm", labels["owner"]!.GetValue<string>());
        Assert.Equal("deployed", labels["status"]!.GetValue<string>());
        Assert.Equal("42", labels["version"]!.GetValue<string>());
        Assert.Equal("1731920400", labels["createdAt"]!.GetValue<string>());
        Assert.False(labels.ContainsKey("modifiedAt"));
        var outer = secret["data"]!["release"]!.GetValue<string>();
        Assert.StartsWith("SDRzS", outer, StringComparison.Ordinal); // base64("H4sI")
        Assert.True(JsonNode.DeepEquals(rel, HelmReleaseCodec.DecodeRecord(secret)));
    }

    [Fact]
    public void ConfigMap_holds_helm_string_once_and_decodes()
    {
        var rel = SampleRelease(3, HelmStatus.Superseded);
        var cm = HelmReleaseCodec.ToConfigMap(rel, "videokit", HelmReleaseCodec.StandardLabels(rel, null, DateTimeOffset.UnixEpoch), gzip: false);
        Assert.Equal("ConfigMap", cm["kind"]!.GetValue<string>());
        Assert.StartsWith("eyJ", cm["data"]!["release"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("superseded", cm["metadata"]!["labels"]!["status"]!.GetValue<string>());
        Assert.Equal("0", cm["metadata"]!["labels"]!["modifiedAt"]!.GetValue<string>());
        Assert.Equal(3, HelmReleaseCodec.DecodeRecord(cm)["version"]!.GetValue<int>());
    }

    [Fact]
    public void Helm2_protobuf_is_recognised_not_returned_as_garbage()
    {
        // Helm 2 ConfigMaps: base64(gzip(protobuf hapi.release.Release)); field 1 (name) = tag 0x0a.
        var proto = new byte[] { 0x0a, 0x0c }.Concat(Encoding.ASCII.GetBytes("videokit-api")).Concat(new byte[] { 0x12, 0x00 }).ToArray();
        var text = Convert.ToBase64String(Gzip(proto));
        Assert.StartsWith("H4sI", text, StringComparison.Ordinal);
        var ex = Assert.Throws<HelmReleaseFormatException>(() => HelmReleaseCodec.Decode(text));
        Assert.Contains("Helm 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Helm4_json_with_extra_fields_decodes()
    {
        var rel = SampleRelease();
        rel["apply_method"] = "ssa";
        rel["info"]!.AsObject().Remove("deleted"); // Helm 4 omits zero times
        var back = HelmReleaseCodec.Decode(HelmReleaseCodec.Encode(rel));
        Assert.Equal("ssa", back["apply_method"]!.GetValue<string>());
        Assert.Null(back["info"]!["deleted"]);
    }

    [Theory]
    [InlineData("not base64!!", "not base64")]
    [InlineData("H4sIAAAA", "does not decompress")]
    [InlineData("dGV4dA==", "not a JSON object")]
    public void Corrupt_data_names_the_problem(string data, string expected)
    {
        var ex = Assert.Throws<HelmReleaseFormatException>(() => HelmReleaseCodec.Decode(data));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2024-11-18T09:00:00.123456789Z", 1234567)]
    [InlineData("2024-11-18T09:00:00.12345678Z", 1234567)]
    [InlineData("2024-11-18T10:00:00.123456+01:00", 1234560)]
    [InlineData("2024-11-18T09:00:00Z", 0)]
    public void Helm_times_parse_with_any_fraction_and_offset(string text, long fractionTicks)
    {
        var t = HelmTime.Parse(text)!.Value;
        Assert.Equal(new DateTimeOffset(2024, 11, 18, 9, 0, 0, TimeSpan.Zero).AddTicks(fractionTicks), t.ToUniversalTime());
    }

    [Fact]
    public void Helm_time_format_trims_trailing_zeros_like_go()
    {
        Assert.Equal("2024-11-18T09:00:00Z", HelmTime.Format(new DateTimeOffset(2024, 11, 18, 9, 0, 0, TimeSpan.Zero)));
        Assert.Equal("2024-11-18T09:00:00.12345Z", HelmTime.Format(new DateTimeOffset(2024, 11, 18, 9, 0, 0, TimeSpan.Zero).AddTicks(1234500)));
        Assert.Null(HelmTime.Parse(""));
    }

    private static byte[] Gzip(byte[] data)
    {
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Optimal, leaveOpen: true))
        {
            z.Write(data);
        }

        return ms.ToArray();
    }

    private static byte[] Gunzip(byte[] data)
    {
        using var z = new GZipStream(new MemoryStream(data), CompressionMode.Decompress);
        using var ms = new MemoryStream();
        z.CopyTo(ms);
        return ms.ToArray();
    }
}
