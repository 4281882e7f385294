from django.urls import path

from chartes import views

app_name = "chartes"

urlpatterns = [
    path("charte/", views.charte, name="charte"),
    path("espace/organisations/<slug:slug>/charte/", views.signer, name="signer"),
]
