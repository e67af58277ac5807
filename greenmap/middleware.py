"""Site-wide HTTP adjustments."""

LANGUAGE_NEUTRAL_PREFIXES = ("/tiles/",)


class LanguageNeutralVaryMiddleware:
    """Tiles carry no translated text, but LocaleMiddleware marks every
    response `Vary: Accept-Language`, which would make a proxy or CDN keep
    one copy of each tile per browser language. Listed before
    LocaleMiddleware, so it sees the response after it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith(LANGUAGE_NEUTRAL_PREFIXES) and response.has_header("Vary"):
            kept = [v.strip() for v in response["Vary"].split(",") if v.strip().lower() != "accept-language"]
            if kept:
                response["Vary"] = ", ".join(kept)
            else:
                del response["Vary"]
        return response
