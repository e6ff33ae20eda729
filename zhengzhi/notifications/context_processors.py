def unread(request):
    return {}
