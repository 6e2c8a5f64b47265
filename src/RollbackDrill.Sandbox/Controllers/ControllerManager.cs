namespace RollbackDrill.Sandbox.Controllers;

/// <summary>Runs the simulated controllers on a background loop: every interval and right after store changes.</summary>
internal sealed class ControllerManager : IAsyncDisposable
{
    private readonly ResourceStore _store;
    private readonly SandboxOptions _options;
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly List<Action> _controllers;
    private Task? _loop;
    private CancellationToken _ct;

    public ControllerManager(ResourceStore store, SandboxOptions options)
    {
        _store = store;
        _options = options;
        var deployments = new DeploymentController(store);
        var replicaSets = new ReplicaSetController(store);
        var kubelet = new KubeletSimulator(store, options);
        _controllers = [deployments.Sync, replicaSets.Sync, kubelet.Sync];
        _store.Changed += _ => Wake();
    }

    public void Start(CancellationToken ct)
    {
        _ct = ct;
        _loop = Task.Run(LoopAsync, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        if (_loop is not null)
        {
            await _loop.ConfigureAwait(false);
        }

        _wake.Dispose();
    }

    private void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (Exception ex) when (ex is SemaphoreFullException or ObjectDisposedException)
        {
        }
    }

    private async Task LoopAsync()
    {
        while (!_ct.IsCancellationRequested)
        {
            try
            {
                await _wake.WaitAsync(_options.ControllerInterval, _ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            foreach (var c in _controllers)
            {
                try
                {
                    c();
                }
                catch (ApiException)
                {
                    // A conflict with a concurrent writer: the next pass retries from fresh state.
                }
            }
        }
    }
}
