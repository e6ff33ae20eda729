import pytest

from zhengzhi.files.models import FileKind
from zhengzhi.files.services import store_upload
from zhengzhi.files.tests.samples import image_bytes, upload


@pytest.fixture
def c1_photo(people, units):
    """A photo uploaded by the community handler, belonging to community c1."""
    return store_upload(
        upload("门前堆物.jpg", image_bytes()), user=people["handler"], unit=units["c1"]
    )


@pytest.fixture
def c1_document(people, units):
    return store_upload(
        upload("整改报告.pdf", b"%PDF-1.4\n% report\n%%EOF\n"),
        user=people["handler"],
        unit=units["c1"],
        allowed=(FileKind.DOCUMENT,),
    )
