"""Session keys shared by the sign-in paths and the logout view."""

# Where logout sends the browser after the local session ends: a URL written only by the server
# at sign-in (the Inaproc provider's end-session URL with this session's ID token), never taken
# from a request.
EXTERNAL_LOGOUT_URL = "external_logout_url"
