from django.urls import path

from communities import views

app_name = "communities"

urlpatterns = [
    path("communities/", views.community_list, name="community-list"),
    path("communities/<int:pk>/", views.community_detail, name="community-detail"),
    path("groups/<int:pk>/", views.group_detail, name="group-detail"),
    path("groups/<int:pk>/members/add/", views.membership_add, name="membership-add"),
    path("memberships/<int:pk>/edit/", views.membership_edit, name="membership-edit"),
    path("memberships/<int:pk>/end/", views.membership_end, name="membership-end"),
]
