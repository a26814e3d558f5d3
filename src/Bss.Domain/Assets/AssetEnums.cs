namespace Bss.Domain.Assets;

/// <summary>What kind of device an asset is (codes as in the contract, e.g. SET_TOP_BOX).</summary>
public enum AssetType
{
    Router,
    Switch,
    Modem,
    SetTopBox,
    FiberOpticCable,
    CopperCable,
    PowerSupply,
    Antenna,
    Server,
    StorageDevice,
    AccessPoint,
    Repeater,
    Dvr,
    Camera,
    Sensor,
}

public enum AssetStatus
{
    Available,
    InUse,
    Reserved,
    Maintenance,
    Damaged,
    Stolen,
    Retired,
    Lost,
    Returned,
}

public enum SimCardStatus
{
    Available,
    Assigned,
    Suspended,
    Deactivated,
    Lost,
    Damaged,
    Testing,
}

/// <summary>Who holds a device or SIM card. Only customers so far; the contract's field leaves room for more.</summary>
public enum AssigneeType
{
    Customer,
}
