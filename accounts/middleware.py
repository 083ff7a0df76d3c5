from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in person sees the interface in the language of their profile."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language:
            translation.activate(user.language)
            request.LANGUAGE_CODE = translation.get_language()
        response = self.get_response(request)
        if user is not None and user.is_authenticated:
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
