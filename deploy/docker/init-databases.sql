-- One database per service: no service reads another's tables.
CREATE DATABASE idp_identity;
CREATE DATABASE idp_registration;
CREATE DATABASE idp_needs;
CREATE DATABASE idp_reporting;
CREATE DATABASE idp_notifications;
CREATE DATABASE idp_web;
