"""The ledger's pages, in three modules so that pages, indicators and exports stay apart."""

from zhengzhi.ledger.urls_categories import urlpatterns as category_urls
from zhengzhi.ledger.urls_exports import urlpatterns as export_urls
from zhengzhi.ledger.urls_indicators import urlpatterns as indicator_urls
from zhengzhi.ledger.urls_pages import urlpatterns as page_urls

app_name = "ledger"
urlpatterns = [*page_urls, *indicator_urls, *export_urls, *category_urls]
