"""The layer contracts in pyproject.toml (import-linter, also run by bin/test) catch an upward
import, test modules included: the graph of today's code with one import added must break the
contract that forbids it, and the graph as it is must keep every contract."""

from copy import deepcopy
from pathlib import Path

import grimp
import pytest
from importlinter.api import read_configuration
from importlinter.contracts.layers import LayersContract

PYPROJECT = Path(__file__).resolve().parents[3] / "pyproject.toml"


@pytest.fixture(scope="module")
def config():
    return read_configuration(str(PYPROJECT))


@pytest.fixture(scope="module")
def graph(config):
    return grimp.build_graph(*config["session_options"]["root_packages"], cache_dir=None)


def _kept(config, graph, contract_id: str) -> bool:
    options = next(c for c in config["contracts_options"] if c["id"] == contract_id)
    contract = LayersContract(
        name=options["name"],
        session_options=config["session_options"],
        contract_options=options,
    )
    return contract.check(deepcopy(graph), verbose=False).kept


@pytest.mark.parametrize("contract_id", ["layers", "platform", "organisation", "apps"])
def test_every_contract_is_kept_today(config, graph, contract_id):
    assert _kept(config, graph, contract_id)


@pytest.mark.parametrize(
    "importer, imported, contract_id",
    [
        # A ledger test that reaches for campaigns: the ledger is below the apps on it.
        ("zhengzhi.ledger.tests.test_pages_list", "zhengzhi.campaigns.models", "layers"),
        # The platform's core asking the organisation for a unit.
        ("zhengzhi.core.validators", "zhengzhi.org.models", "layers"),
        # Units asking for grids: territory builds on org.
        ("zhengzhi.org.rules", "zhengzhi.territory.models", "organisation"),
        # The audit log asking the job queue: jobs sit above the audit log.
        ("zhengzhi.audit.services", "zhengzhi.jobs.services", "platform"),
        # Public reporting asking Open311, its protocol on top.
        ("zhengzhi.public.tests.test_intake", "zhengzhi.open311.models", "apps"),
        # Two independent siblings.
        ("zhengzhi.surveys.models", "zhengzhi.rewards.models", "apps"),
        # Anything below the composition importing it.
        ("zhengzhi.ledger.views.lists", "zhengzhi.portal.nav", "layers"),
    ],
)
def test_an_upward_import_breaks_its_contract(config, graph, importer, imported, contract_id):
    changed = deepcopy(graph)
    changed.add_import(importer=importer, imported=imported, line_number=1, line_contents="x")
    assert not _kept(config, changed, contract_id)
