using Microsoft.EntityFrameworkCore;

namespace Bss.Identity;

/// <summary>OpenIddict's application store, in memory: it is filled from the realm file at every start.</summary>
public sealed class IdentityDbContext(DbContextOptions<IdentityDbContext> options) : DbContext(options);
