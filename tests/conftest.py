import pytest

from workshop.security import PinHasher
from workshop.store import Store


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "t.db", hasher=PinHasher(fast=True))
    yield s
    s.close()


@pytest.fixture
def auth(store):
    return store.system_auth()


@pytest.fixture
def ws(store, auth):
    return store.create_workshop(auth, region="Kota Metro", province="Lampung", year=2023,
                                 venue="Aula Pemerintah Kota Metro")
