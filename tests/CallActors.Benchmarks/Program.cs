using CallActors.Benchmarks;
using CallActors.Benchmarks.Suites;

// Each suite measures a hot path and its bare baseline in the same run and prints one RESULT line.
IBenchmarkSuite[] suites =
[
    new KernelPingPongSuite(),
    new KernelFanInSuite(),
    new JournalSqliteSuite(),
    new JournalPostgresSuite(),
    new RecoverySuite(),
    new RelayPpsSuite(),
    new RelayConcurrentSuite(),
    new HttpCallsSuite(),
];

var requested = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
var quick = args.Contains("--quick");
if (requested.Count == 0 || requested.Contains("--help"))
{
    Console.WriteLine("usage: dotnet run -c Release --project tests/CallActors.Benchmarks -- <suite>... [--quick]");
    Console.WriteLine("suites: " + string.Join(", ", suites.Select(s => s.Name)) + ", all");
    return requested.Count == 0 ? 2 : 0;
}

var selected = requested.Contains("all") ? suites : suites.Where(s => requested.Contains(s.Name)).ToArray();
var unknown = requested.Where(r => r != "all" && suites.All(s => s.Name != r)).ToList();
if (unknown.Count > 0)
{
    Console.Error.WriteLine($"unknown suite(s): {string.Join(", ", unknown)}; known: {string.Join(", ", suites.Select(s => s.Name))}");
    return 2;
}

Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
var unavailable = 0;
foreach (var suite in selected)
{
    try
    {
        var result = await suite.RunAsync(new BenchmarkRun(quick));
        Console.WriteLine(result.ToResultLine());
    }
    catch (SuiteUnavailableException e)
    {
        // Not a skip: a suite that cannot run fails the run, after the others had their turn.
        Console.Error.WriteLine($"{suite.Name}: cannot run: {e.Message}");
        unavailable++;
    }
}

return unavailable == 0 ? 0 : 1;
