# Image of one Bss silo (Orleans silo + REST API, src/Bss.Silo). Built by compose.yml, or by hand:
#   docker build -f silo.Dockerfile -t bss-silo:dev .
# Configuration comes from the environment (see compose.yml): ConnectionStrings__Postgres, ConnectionStrings__Redis,
# Orleans__*, OTEL_*.
#
# global.json asks for SDK 10.0.401 with rollForward latestFeature, so the SDK image must carry a 10.0.4xx SDK
# or newer; mcr's sdk:10.0 tag follows the newest feature band. Pin another one with --build-arg SDK_IMAGE=...

ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/aspnet:10.0

# ---- restore inputs only: project files and MSBuild/NuGet settings, so that the restore layer below is reused
# ---- for as long as none of them changes (and a project added under src/ needs no edit here).
FROM ${SDK_IMAGE} AS restore-inputs
WORKDIR /src
# A NuGet.config added at the repository root would have to be added to this line.
COPY global.json Directory.Build.props Directory.Packages.props ./
COPY src/ src/
RUN find src -type f ! \( -name '*.csproj' -o -name '*.props' -o -name '*.targets' -o -name 'packages.lock.json' \) -delete

# ---- build: restore the silo project (not the .sln, which also lists the test projects), then publish it.
FROM ${SDK_IMAGE} AS build
ENV DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1
WORKDIR /src
COPY --from=restore-inputs /src/ ./
RUN dotnet restore src/Bss.Silo/Bss.Silo.csproj
COPY src/ src/
RUN dotnet publish src/Bss.Silo/Bss.Silo.csproj -c Release -o /app --no-restore -p:UseAppHost=false

# ---- runtime
FROM ${RUNTIME_IMAGE} AS final
# curl serves the container healthcheck (GET /health/ready); the aspnet image has no HTTP client of its own.
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Listen on 8080 through ASPNETCORE_URLS only (clearing the base image's ASPNETCORE_HTTP_PORTS avoids the
# "Overriding HTTP_PORTS" warning when compose sets ASPNETCORE_URLS as well).
ENV ASPNETCORE_HTTP_PORTS= \
    ASPNETCORE_URLS=http://+:8080 \
    DOTNET_CLI_TELEMETRY_OPTOUT=1
# HTTP (API, health, /metrics, /dashboard), Orleans silo-to-silo, Orleans client gateway.
EXPOSE 8080 11111 30000
# The non-root user that the aspnet images ship (UID 1654).
USER $APP_UID
ENTRYPOINT ["dotnet", "Bss.Silo.dll"]
