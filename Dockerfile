# syntax=docker/dockerfile:1
# LlmGateway container image.
# Build stage: restore first (cached while only sources change), then publish framework-dependent without an apphost.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig appsettings.json ./
COPY src/LlmGateway/LlmGateway.csproj src/LlmGateway/
RUN dotnet restore src/LlmGateway/LlmGateway.csproj
COPY src/ src/
RUN dotnet publish src/LlmGateway/LlmGateway.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# Runtime stage: ASP.NET runtime only, running as the image's non-root "app" user, listening on all interfaces on 4000.
# Exposed on the network, the gateway refuses to start without Gateway__MasterKey (or Gateway__AllowAnonymous=true).
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app .
# URLS replaces the base image's HTTP_PORTS=8080. Polling: file-change events do not cross bind mounts or ConfigMap
# symlink swaps, and config edits must still reload.
ENV ASPNETCORE_URLS=http://0.0.0.0:4000 \
    ASPNETCORE_HTTP_PORTS= \
    DOTNET_USE_POLLING_FILE_WATCHER=true
EXPOSE 4000
USER $APP_UID
# The runtime image has no curl or wget; the gateway's own verb probes /health/live.
HEALTHCHECK --interval=30s --timeout=5s --start-period=15s --retries=3 \
    CMD ["dotnet", "/app/LlmGateway.dll", "healthcheck", "--url", "http://127.0.0.1:4000/health/live"]
ENTRYPOINT ["dotnet", "/app/LlmGateway.dll"]
