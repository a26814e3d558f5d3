using Bss.Identity;

var builder = WebApplication.CreateBuilder(args);
var settings = IdentitySettings.Read(builder.Configuration);
var realm = Realm.Load(settings.RealmFile!);
var keys = SigningKeys.LoadOrCreate(settings.KeysDirectory!, TimeProvider.System);
builder.AddBssIdentity(settings, realm, keys);

var app = builder.Build();
if (keys.CreatedFile is { } created)
{
    Log.KeyCreated(app.Logger, created);
}

app.CheckSigningKey();
await app.RegisterRealmClientsAsync();
app.MapTokenEndpoint("/" + settings.EndpointPath("protocol/openid-connect/token"));
Log.Started(app.Logger, settings.Issuer!, realm.Name, realm.Users.Count,
    string.Join(", ", realm.Clients.Where(client => client.IsEnabled).Select(client => client.ClientId)),
    keys.Signing.KeyId, string.Join(", ", keys.NewestFirst.Select(key => key.KeyId)));
await app.RunAsync();
