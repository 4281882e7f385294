from django.urls import path

from pages import views

app_name = "pages"

urlpatterns = [
    path("conditions-generales/accepter/", views.cgu_accepter, name="cgu_accepter"),
    path("plan-du-site/", views.plan_du_site, name="plan_du_site"),
    path("contact/", views.contact, name="contact"),
    path("<slug:slug>/", views.page, name="page"),
]
