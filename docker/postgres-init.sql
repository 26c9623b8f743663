-- docker/compose.yaml only: databases and roles as scripts/stack creates them locally
-- (passwords are the LOCAL DEVELOPMENT values of scripts/local.env). Owner roles run the
-- migrations; application roles (NOINHERIT, no BYPASSRLS) run the services.
CREATE ROLE anpi_tenant_owner LOGIN NOBYPASSRLS PASSWORD 'anpi_tenant_owner_local';
CREATE ROLE anpi_tenant_app LOGIN NOINHERIT NOBYPASSRLS PASSWORD 'anpi_tenant_app_local';
CREATE DATABASE anpi_tenant OWNER anpi_tenant_owner;
REVOKE ALL ON DATABASE anpi_tenant FROM PUBLIC;
GRANT CONNECT ON DATABASE anpi_tenant TO anpi_tenant_owner, anpi_tenant_app;
\connect anpi_tenant
GRANT USAGE ON SCHEMA public TO anpi_tenant_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_tenant_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anpi_tenant_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_tenant_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO anpi_tenant_app;
\connect postgres
CREATE ROLE anpi_auth_owner LOGIN NOBYPASSRLS PASSWORD 'anpi_auth_owner_local';
CREATE ROLE anpi_auth_app LOGIN NOINHERIT NOBYPASSRLS PASSWORD 'anpi_auth_app_local';
CREATE DATABASE anpi_auth OWNER anpi_auth_owner;
REVOKE ALL ON DATABASE anpi_auth FROM PUBLIC;
GRANT CONNECT ON DATABASE anpi_auth TO anpi_auth_owner, anpi_auth_app;
\connect anpi_auth
GRANT USAGE ON SCHEMA public TO anpi_auth_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_auth_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anpi_auth_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_auth_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO anpi_auth_app;
\connect postgres
CREATE ROLE anpi_dispatch_owner LOGIN NOBYPASSRLS PASSWORD 'anpi_dispatch_owner_local';
CREATE ROLE anpi_dispatch_app LOGIN NOINHERIT NOBYPASSRLS PASSWORD 'anpi_dispatch_app_local';
CREATE DATABASE anpi_dispatch OWNER anpi_dispatch_owner;
REVOKE ALL ON DATABASE anpi_dispatch FROM PUBLIC;
GRANT CONNECT ON DATABASE anpi_dispatch TO anpi_dispatch_owner, anpi_dispatch_app;
\connect anpi_dispatch
GRANT USAGE ON SCHEMA public TO anpi_dispatch_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_dispatch_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anpi_dispatch_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_dispatch_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO anpi_dispatch_app;
\connect postgres
CREATE ROLE anpi_response_owner LOGIN NOBYPASSRLS PASSWORD 'anpi_response_owner_local';
CREATE ROLE anpi_response_app LOGIN NOINHERIT NOBYPASSRLS PASSWORD 'anpi_response_app_local';
CREATE DATABASE anpi_response OWNER anpi_response_owner;
REVOKE ALL ON DATABASE anpi_response FROM PUBLIC;
GRANT CONNECT ON DATABASE anpi_response TO anpi_response_owner, anpi_response_app;
\connect anpi_response
GRANT USAGE ON SCHEMA public TO anpi_response_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_response_owner IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO anpi_response_app;
ALTER DEFAULT PRIVILEGES FOR ROLE anpi_response_owner IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO anpi_response_app;
\connect postgres
