# Build: dotnet SDK image; run: ASP.NET runtime image as a non-root user, listening on port 4000 on all interfaces.
# Exposed on the network, the gateway refuses to start without Gateway__MasterKey (or Gateway__AllowAnonymous=true).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY . .
RUN dotnet publish src/LlmGateway/LlmGateway.csproj -c Release -o /app

FROM mcr.microsoft.com/dotnet/aspnet:10.0
WORKDIR /app
COPY --from=build /app .
USER $APP_UID
ENV ASPNETCORE_URLS=http://0.0.0.0:4000
EXPOSE 4000
ENTRYPOINT ["dotnet", "LlmGateway.dll"]
