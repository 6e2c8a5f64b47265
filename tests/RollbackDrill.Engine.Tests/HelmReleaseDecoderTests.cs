using System.IO.Compression;
using System.Text;
using RollbackDrill.Engine.Helm;

namespace RollbackDrill.Engine.Tests;

public sealed class HelmReleaseDecoderTests
{
    private const string Where = "Secret videokit/sh.helm.release.v1.videokit-api.v42";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void RoundTripsARecordAsHelmWritesIt(bool gzip)
    {
        var manifest = HelmRecords.Manifest("videokit-api", "registry.example.com/videokit/api:03d5aeb0");
        var payload = HelmRecords.Encode(HelmRecords.Json("videokit-api", "videokit", 42, "deployed", manifest), gzip);
        if (gzip)
        {
            Assert.StartsWith("H4sI", payload); // what every gzipped Helm record looks like
        }

        var r = HelmReleaseDecoder.Decode(payload, Where);
        Assert.Equal("videokit-api", r.Name);
        Assert.Equal("videokit", r.Namespace);
        Assert.Equal(42, r.Version);
        Assert.Equal("deployed", r.Status);
        Assert.Equal("videokit", r.ChartName);
        Assert.Equal("0.1.0", r.ChartVersion);
        Assert.Equal("1.0.0", r.AppVersion);
        Assert.Equal("Upgrade complete", r.Description);
        Assert.Equal(manifest, r.Manifest);
        Assert.Null(r.Deleted); // Helm 3 writes "" for the zero time
        Assert.Equal(new DateTimeOffset(2024, 11, 18, 9, 12, 1, TimeSpan.Zero).AddTicks(1234567), r.LastDeployed);
        Assert.Equal(new DateTimeOffset(2024, 1, 2, 10, 0, 0, 500, TimeSpan.FromHours(1)), r.FirstDeployed);
    }

    [Fact]
    public void ReadsHelm4JsonWithOmittedZeroTimesAndRollbackRevision()
    {
        var json = HelmRecords.Json("api", "videokit", 43, "deployed", "", "Rollback to 41", helm4: true, rollbackRevision: 41, appVersion: null, withConfig: false);
        Assert.DoesNotContain("deleted", json);
        var r = HelmReleaseDecoder.Decode(HelmRecords.Encode(json), Where);
        Assert.Equal(41, r.RollbackRevision);
        Assert.Null(r.Deleted);
        Assert.Equal(string.Empty, r.AppVersion);
        Assert.Null(r.Config);
    }

    [Theory]
    [InlineData("2024-11-18T09:12:01.123456789Z", 1234567)]
    [InlineData("2024-11-18T09:12:01.12345678Z", 1234567)]
    [InlineData("2024-11-18T09:12:01.123456Z", 1234560)]
    [InlineData("2024-11-18T09:12:01Z", 0)]
    public void ParsesGoTimesWith986OrNoFractionalDigits(string text, long extraTicks)
    {
        Assert.Equal(new DateTimeOffset(2024, 11, 18, 9, 12, 1, TimeSpan.Zero).AddTicks(extraTicks), HelmTime.Parse(text));
    }

    [Fact]
    public void ParsesLocalOffsetsAndTreatsEmptyAndGoZeroAsNoTime()
    {
        var t = HelmTime.Parse("2024-11-18T10:12:01.5+01:00");
        Assert.Equal(TimeSpan.FromHours(1), t!.Value.Offset);
        Assert.Equal(new DateTime(2024, 11, 18, 9, 12, 1, 500, DateTimeKind.Utc), t.Value.UtcDateTime);
        Assert.Equal(TimeSpan.FromHours(-5.5), HelmTime.Parse("2024-11-18T03:42:01-05:30")!.Value.Offset);
        Assert.Null(HelmTime.Parse(""));
        Assert.Null(HelmTime.Parse(null));
        Assert.Null(HelmTime.Parse("0001-01-01T00:00:00Z"));
        Assert.Throws<FormatException>(() => HelmTime.Parse("18/11/2024"));
    }

    [Fact]
    public void BadBase64IsACorruptRecordNamingTheSecret()
    {
        var ex = Assert.Throws<DrillException>(() => HelmReleaseDecoder.Decode("H4sI%%%not-base64", Where));
        Assert.Equal(ErrorIds.ReleaseRecordCorrupt, ex.ErrorId);
        Assert.Equal(DrillErrorKind.InvalidData, ex.Kind);
        Assert.Contains(Where, ex.Message);
        Assert.Contains("base64", ex.Message);
        Assert.IsType<FormatException>(ex.InnerException);
    }

    [Fact]
    public void DamagedGzipIsACorruptRecord()
    {
        var good = Convert.FromBase64String(HelmRecords.Payload("api", "videokit", 1, "deployed"));
        var damaged = good[..20].Concat(Enumerable.Repeat((byte)0xFF, 40)).ToArray(); // magic intact, stream broken
        var ex = Assert.Throws<DrillException>(() => HelmReleaseDecoder.Decode(Convert.ToBase64String(damaged), Where));
        Assert.Equal(ErrorIds.ReleaseRecordCorrupt, ex.ErrorId);
        Assert.Contains("gzip", ex.Message);
        Assert.NotNull(ex.InnerException);
    }

    [Fact]
    public void BadJsonIsACorruptRecord()
    {
        var ex = Assert.Throws<DrillException>(() => HelmReleaseDecoder.Decode(HelmRecords.Encode("{\"name\": \"api\", \"info\": "), Where));
        Assert.Equal(ErrorIds.ReleaseRecordCorrupt, ex.ErrorId);
        Assert.Contains("JSON", ex.Message);
        Assert.Contains(Where, ex.Message);
    }

    [Fact]
    public void EmptyDataIsACorruptRecord()
    {
        var ex = Assert.Throws<DrillException>(() => HelmReleaseDecoder.Decode("", Where));
        Assert.Equal(ErrorIds.ReleaseRecordCorrupt, ex.ErrorId);
    }

    [Fact]
    public void Helm2ProtobufIsRecognisedNotGarbage()
    {
        // hapi.release.Release: field 1 (name) = "videokit-api", field 2 (info) ...: gzipped like Helm 2 stored it.
        var proto = new List<byte> { 0x0A, 12 };
        proto.AddRange(Encoding.ASCII.GetBytes("videokit-api"));
        proto.AddRange([0x12, 0x04, 0x0A, 0x02, 0x08, 0x01, 0x3A, 0x08]);
        using var ms = new MemoryStream();
        using (var z = new GZipStream(ms, CompressionLevel.Optimal, true))
        {
            z.Write(proto.ToArray());
        }

        var payload = Convert.ToBase64String(ms.ToArray());
        Assert.StartsWith("H4sI", payload);
        var ex = Assert.Throws<DrillException>(() => HelmReleaseDecoder.Decode(payload, "ConfigMap kube-system/videokit-api.v3"));
        Assert.Equal(ErrorIds.Helm2ReleaseNotSupported, ex.ErrorId);
        Assert.Contains("Helm 2", ex.Message);
    }

    [Theory]
    [InlineData("Rollback to 41", 41)]
    [InlineData("Rollback to 7", 7)]
    [InlineData("Upgrade complete", null)]
    [InlineData("Rollback to", null)]
    [InlineData(null, null)]
    public void RollbackTargetComesFromHelmsDescription(string? description, int? expected) =>
        Assert.Equal(expected, HelmReleaseDecoder.RollbackTargetFromDescription(description));

    [Fact]
    public void MissingChartLockSchemaConfigAndHooksAreFine()
    {
        const string json = """{"name":"x","info":{"status":"failed","last_deployed":"2024-11-18T09:12:01.123456+02:00"},"chart":{"metadata":{"name":"c","version":"1.2.3"},"lock":null,"values":null,"schema":null,"files":null},"version":3,"namespace":"ns"}""";
        var r = HelmReleaseDecoder.Decode(HelmRecords.Encode(json), Where);
        Assert.Equal("failed", r.Status);
        Assert.Equal(string.Empty, r.AppVersion);
        Assert.Equal(string.Empty, r.Manifest);
        Assert.Null(r.Config);
    }
}
