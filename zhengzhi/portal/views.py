from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from zhengzhi.org.scope import scope_for


@login_required
def home(request):
    scope = scope_for(request.user)
    return render(request, "portal/home.html", {"scope": scope})
