from django.http import HttpResponse


def home(request):
    return HttpResponse("home")


def apply(request, slug):
    return HttpResponse("apply")


def draft(request, token):
    return HttpResponse("draft")


def my_applications(request):
    return HttpResponse("me")
