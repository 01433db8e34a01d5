from django.urls import path

from accounts import apis, cookie_auth

urlpatterns = [
    path("auth/token/", apis.TokenObtainView.as_view(), name="token-obtain"),
    path("auth/token/refresh/", apis.TokenRefreshView.as_view(), name="token-refresh"),
    path("auth/token/verify/", apis.TokenVerifyView.as_view(), name="token-verify"),
    path("auth/logout/", apis.LogoutView.as_view(), name="logout"),
    path("auth/me/", apis.MeView.as_view(), name="me"),
    path("auth/password/", apis.PasswordChangeView.as_view(), name="password-change"),
    path("auth/session/", cookie_auth.SessionLoginView.as_view(), name="session-login"),
    path("auth/session/refresh/", cookie_auth.SessionRefreshView.as_view(), name="session-refresh"),
    path("auth/session/logout/", cookie_auth.SessionLogoutView.as_view(), name="session-logout"),
    path("users/", apis.UserListView.as_view(), name="user-list"),
    path("users/<str:username>/", apis.UserDetailView.as_view(), name="user-detail"),
    path("users/<str:username>/password/", apis.UserPasswordView.as_view(), name="user-password"),
    path("users/<str:username>/sign-out/", apis.UserSignOutView.as_view(), name="user-sign-out"),
    path("groups/", apis.GroupListView.as_view(), name="group-list"),
    path("service-tokens/", apis.ServiceTokenListView.as_view(), name="service-token-list"),
    path(
        "service-tokens/<int:token_id>/",
        apis.ServiceTokenDetailView.as_view(),
        name="service-token-detail",
    ),
    path(
        "service-tokens/<int:token_id>/revoke/",
        apis.ServiceTokenRevokeView.as_view(),
        name="service-token-revoke",
    ),
]
