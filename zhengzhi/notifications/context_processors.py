from django.utils.functional import SimpleLazyObject

from zhengzhi.notifications.services import unread_count


def unread(request):
    """The unread badge in the top bar: one COUNT on the (recipient, read_at) index, run only when
    a template actually shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
