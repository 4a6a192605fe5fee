"""Reads a log directory the way TensorBoard's server does (tests/tensorboard.rs, tests/sweep.rs).

Usage: python3 tests/tensorboard_read.py LOGDIR

Loads every run under LOGDIR with TensorBoard's own event multiplexer and data provider, and
prints one JSON object: for each run its scalars ({tag: [[step, value], ...]}, from the Scalars
plugin), its texts ({tag: [[step, text], ...]}, from the Text plugin) and its hyperparameters
(the HParams plugin's session start info); and the experiment the HParams view shows (each
hyperparameter's type and the values it takes, the metric tags). Exits with status 3 and a message
when the `tensorboard` package is missing.
"""

import json
import math
import sys

try:
    from tensorboard import context
    from tensorboard.backend.event_processing import data_provider
    from tensorboard.backend.event_processing import plugin_event_accumulator
    from tensorboard.backend.event_processing import plugin_event_multiplexer
    from tensorboard.plugins import base_plugin
    from tensorboard.plugins.hparams import backend_context
    from tensorboard.plugins.hparams import metadata as hparams_metadata
    from google.protobuf import json_format
except ImportError as error:
    print(f"the tensorboard package is missing ({error}); run `make python-tools`", file=sys.stderr)
    sys.exit(3)

ALL = 10**9


def number(value):
    """JSON has no NaN: non-finite values as strings."""
    return value if math.isfinite(value) else str(value)


def main(logdir):
    # Keep every event, not a reservoir sample.
    multiplexer = plugin_event_multiplexer.EventMultiplexer(
        size_guidance={plugin_event_accumulator.TENSORS: 0}
    )
    multiplexer.AddRunsFromDirectory(logdir)
    multiplexer.Reload()
    provider = data_provider.MultiplexerDataProvider(multiplexer, logdir)
    ctx = context.RequestContext()
    runs = {}

    def run_entry(run):
        return runs.setdefault(run, {"scalars": {}, "texts": {}, "hparams": {}})

    scalars = provider.read_scalars(ctx, experiment_id="", plugin_name="scalars", downsample=ALL)
    for run, tags in scalars.items():
        for tag, data in tags.items():
            run_entry(run)["scalars"][tag] = [[d.step, number(d.value)] for d in data]
    texts = provider.read_tensors(ctx, experiment_id="", plugin_name="text", downsample=ALL)
    for run, tags in texts.items():
        for tag, data in tags.items():
            run_entry(run)["texts"][tag] = [
                [d.step, d.numpy.item().decode("utf-8")] for d in data
            ]

    hparams = backend_context.Context(
        base_plugin.TBContext(data_provider=provider, logdir=logdir, multiplexer=multiplexer)
    )
    metadata = hparams.hparams_metadata(ctx, "")
    for run, tags in metadata.items():
        content = tags.get(hparams_metadata.SESSION_START_INFO_TAG)
        if content is not None:
            info = hparams_metadata.parse_session_start_info_plugin_data(content)
            run_entry(run)["hparams"] = {
                name: json_format.MessageToDict(value) for name, value in info.hparams.items()
            }
    experiment = hparams.experiment_from_metadata(
        ctx, "", True, metadata, hparams.hparams_from_data_provider(ctx, "", None)
    )
    print(
        json.dumps(
            {
                "runs": runs,
                "experiment": {
                    "hparams": {
                        info.name: json_format.MessageToDict(info)
                        for info in experiment.hparam_infos
                    },
                    "metrics": sorted(
                        f"{info.name.group}/{info.name.tag}".lstrip("/")
                        for info in experiment.metric_infos
                    ),
                },
            },
            sort_keys=True,
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
